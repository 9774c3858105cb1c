using Plover.Bench.Compare;
using Plover.Bench.Targets;

namespace Plover.Bench.Reports;

/// <summary>
/// One of issue 9's acceptance targets, checked on a report: a ratio of two modes' figures
/// against a threshold. Null value when either mode was not measured (or the divisor is zero).
/// </summary>
public sealed record TargetCheck(string Key, string Statement, double? Value, double Threshold, string? Missing)
{
    public bool? Met => Value is { } v ? v >= Threshold : null;

    public static IReadOnlyList<TargetCheck> Evaluate(CompareReport report) =>
    [
        Ratio(report, "remus_over_vsmr_bytes_per_op", "vsmr sends at least 20x fewer bytes between nodes per request than remus",
            PloverMode.Remus, PloverMode.Vsmr, m => m.ReplicationBytesPerOp.Median, 20),
        Ratio(report, "vsmr_over_remus_throughput", "vsmr throughput is at least 2x remus",
            PloverMode.Vsmr, PloverMode.Remus, m => m.Throughput.Median, 2),
        Ratio(report, "vsmr_over_none_throughput", "vsmr throughput is at least 0.5x none",
            PloverMode.Vsmr, PloverMode.None, m => m.Throughput.Median, 0.5),
    ];

    private static TargetCheck Ratio(CompareReport report, string key, string statement, string top, string bottom, Func<ModeResult, double> figure, double threshold)
    {
        ModeResult? a = report.Find(top), b = report.Find(bottom);
        string? missing = new[] { (top, a), (bottom, b) }
            .Where(p => p.Item2 is not { HasFigures: true })
            .Select(p => $"{p.Item1} {(p.Item2 is null ? "not run" : p.Item2.Status.ToString().ToLowerInvariant())}")
            .FirstOrDefault();
        if (missing is not null) return new TargetCheck(key, statement, null, threshold, missing);
        double divisor = figure(b!);
        return divisor == 0
            ? new TargetCheck(key, statement, null, threshold, $"{bottom}'s figure is zero")
            : new TargetCheck(key, statement, figure(a!) / divisor, threshold, null);
    }
}
