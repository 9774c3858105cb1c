namespace Plover.Bench.Compare;

/// <summary>One mode's outcome: its runs and, when measured, the median and spread of each figure.</summary>
public sealed record ModeResult(string Mode, ModeStatus Status, string? Reason, string? Description, IReadOnlyList<RunMeasurement> Runs)
{
    public static ModeResult Skipped(string mode, string reason) => new(mode, ModeStatus.Skipped, reason, null, []);

    public bool HasFigures => Status == ModeStatus.Measured && Runs.Count > 0;

    public Spread Throughput => Figure(r => r.ThroughputOpsPerSecond);
    public Spread P50Ms => Figure(r => r.Latency.P50Ms);
    public Spread P99Ms => Figure(r => r.Latency.P99Ms);
    public Spread ReplicationBytesPerOp => Figure(r => r.Replication.TotalBytes);
    public Spread LogBytesPerOp => Figure(r => r.Replication.LogBytes);
    public Spread HashBytesPerOp => Figure(r => r.Replication.HashBytes);
    public Spread PageBytesPerOp => Figure(r => r.Replication.PageBytes);
    public Spread OtherBytesPerOp => Figure(r => r.Replication.OtherBytes);
    public Spread ServerCpuSecondsPerOp => Figure(r => r.ServerCpuSecondsPerOp);
    public Spread? ClientCpuSecondsPerOp => MeasuredRuns(r => r.ClientCpuSecondsPerOp);
    public Spread? PagesPerEpoch => MeasuredRuns(r => r.Replication.PagesPerEpoch);
    public bool Replicated => Runs.Count > 0 && Runs[0].Replication.Replicated;

    private Spread Figure(Func<RunMeasurement, double> pick) =>
        HasFigures ? Spread.Of(Runs.Select(pick).ToArray()) : throw new InvalidOperationException($"{Mode} was not measured ({Status})");

    private Spread? MeasuredRuns(Func<RunMeasurement, double?> pick) =>
        HasFigures ? Spread.OfAll(Runs.Select(pick).ToArray()) : throw new InvalidOperationException($"{Mode} was not measured ({Status})");
}
