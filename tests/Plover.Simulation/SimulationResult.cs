using System.Text;

namespace Plover.Simulation;

/// <summary>Counts that describe what a run went through.</summary>
public sealed record SimulationStats
{
    public long ProposalsAccepted { get; init; }
    public long ProposalsAcknowledged { get; init; }
    public long ChosenSlots { get; init; }
    public long MessagesSent { get; init; }
    public long MessagesDropped { get; init; }
    public long MessagesDuplicated { get; init; }
    public int Crashes { get; init; }
    public int TotalPowerLosses { get; init; }
    public int DiskLosses { get; init; }
    /// <summary>Rebuilt nodes that a leader promoted back to voters.</summary>
    public int Promotions { get; init; }
    public int Partitions { get; init; }
    public int Pauses { get; init; }
    public int LeaderChanges { get; init; }
    /// <summary>Events after which two or more nodes claimed leadership at once (a deposed leader not yet aware).</summary>
    public long OverlappingLeaderships { get; init; }
    public long SnapshotsInstalled { get; init; }
    public ulong FinalCommitSlot { get; init; }

    public override string ToString() =>
        $"{ProposalsAcknowledged}/{ProposalsAccepted} proposals acknowledged, {ChosenSlots} slots chosen, commit slot {FinalCommitSlot}, " +
        $"{MessagesSent} messages ({MessagesDropped} dropped, {MessagesDuplicated} duplicated), {Crashes} crashes ({TotalPowerLosses} total power losses, {DiskLosses} disk losses, {Promotions} rebuilt nodes promoted), " +
        $"{Partitions} partitions, {Pauses} pauses, {LeaderChanges} leader changes ({OverlappingLeaderships} events with overlapping leaders), {SnapshotsInstalled} snapshots installed";
}

/// <summary>Where one replica ended.</summary>
public sealed record ReplicaSummary(int Id, bool IsUp, ulong CommitSlot, ulong FirstSlot, int ExecutedEntries, long SnapshotsInstalled);

/// <summary>The outcome of one seed: passed, or the violated property with what led to it.</summary>
public sealed record SimulationResult(
    ulong Seed,
    bool Passed,
    string? Violation,
    FaultParameters Faults,
    ulong TraceHash,
    long Events,
    long VirtualMicros,
    IReadOnlyList<string> LastEvents,
    SimulationStats Stats,
    IReadOnlyList<ReplicaSummary> Replicas)
{
    /// <summary>A failure report: the seed, the fault mix, the violated property and the last events.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        text.AppendLine($"seed {Seed}: {(Passed ? "passed" : "FAILED")} after {Events} events, {VirtualMicros / 1000.0:F1} ms virtual, trace {TraceHash:X16}");
        text.AppendLine($"  faults: {Faults}");
        text.AppendLine($"  stats: {Stats}");
        if (Passed) return text.ToString();
        text.AppendLine($"  violation: {Violation}");
        text.AppendLine($"  last {LastEvents.Count} events:");
        foreach (string line in LastEvents) text.AppendLine($"    {line}");
        text.AppendLine($"  replay: ./plover sim --seed {Seed} --verbose");
        return text.ToString();
    }
}
