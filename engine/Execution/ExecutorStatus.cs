using Plover.Engine.Epochs;

namespace Plover.Engine.Execution;

/// <summary>
/// What the executor reports about itself, written on its thread and read by the status endpoint:
/// the epoch it is in, its last sync, the guest's health, and counters.
/// </summary>
public sealed class ExecutorStatus
{
    private readonly object gate = new();
    private readonly Queue<EpochStatistics> recent = new();

    public const int RecentEpochsKept = 64;

    public ulong Epoch { get; set; }

    public ulong LastSlot { get; set; }

    public SyncPoint LastSynced { get; set; }

    public ulong LogHash { get; set; }

    /// <summary>The primary ballot of the current epoch (whose node all backups sync with), or 0.</summary>
    public ulong EpochPrimaryBallot { get; set; }

    public string Role { get; set; } = "starting";

    /// <summary>Why the guest stopped, once it did (it is then no longer run or served).</summary>
    public string? GuestFault { get; set; }

    /// <summary>A fatal error: the node must stop.</summary>
    public Exception? Fatal { get; set; }

    public long EntriesExecuted { get; set; }

    public long EpochsTotal { get; set; }

    public long EpochPagesSentTotal { get; set; }

    public long EpochPagesDirtiedTotal { get; set; }

    public long EpochPagesComparedTotal { get; set; }

    public long EpochHashListsTotal { get; set; }

    public long EpochRepairsTotal { get; set; }

    public long EpochPauseMicrosecondsTotal { get; set; }

    public long OutputsReleased { get; set; }

    public int OutputsPending { get; set; }

    public void Record(EpochStatistics statistics)
    {
        lock (gate)
        {
            recent.Enqueue(statistics);
            while (recent.Count > RecentEpochsKept) recent.Dequeue();
            EpochsTotal++;
            EpochPagesSentTotal += statistics.PagesSent;
            EpochPagesDirtiedTotal += statistics.PagesDirtied;
            EpochPagesComparedTotal += statistics.PagesCompared;
            EpochHashListsTotal += statistics.HashListsSent;
            EpochRepairsTotal += statistics.Peers.Count(p => p.Result == SyncResult.Repaired);
            EpochPauseMicrosecondsTotal += statistics.PauseMicroseconds;
        }
    }

    public IReadOnlyList<EpochStatistics> RecentEpochs()
    {
        lock (gate) return recent.ToArray();
    }
}

/// <summary>Keeps epoch statistics durably (the node's store) as they are made.</summary>
public interface IEpochRecorder
{
    void Record(EpochStatistics statistics);
}
