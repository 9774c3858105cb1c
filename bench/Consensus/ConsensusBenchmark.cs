using System.Diagnostics;
using Plover.Consensus;
using Plover.Consensus.Storage;

namespace Plover.Bench.Consensus;

/// <summary>What one batch size achieved.</summary>
public sealed record ConsensusBenchResult(
    int BatchSize, int Clients, double Seconds, long Entries, long Slots, double EntriesPerSecond,
    double LatencyP50Milliseconds, double LatencyP99Milliseconds, double LeaderSyncsPerSecond, double EntriesPerLeaderSync);

/// <summary>
/// Three in-process replicas, each with its own RocksDB log store (synced writes) and host thread,
/// joined by a zero-latency in-memory network. Closed-loop clients, served by the leader's host
/// itself, each propose a batch of 100-byte payloads and propose the next batch as soon as the
/// leader applies the last entry of the previous one. Reports committed entries per second at the
/// leader and the commit latency (proposal to apply at the leader) of every entry.
/// </summary>
public sealed class ConsensusBenchmark
{
    public const int PayloadBytes = 100;

    private static readonly int[] Members = [1, 2, 3];

    public required int BatchSize { get; init; }

    /// <summary>Closed-loop clients, each with one batch outstanding.</summary>
    public int Clients { get; init; } = 4;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Where the stores go (a fresh folder under it, deleted afterwards).</summary>
    public string WorkDirectory { get; init; } = Path.GetTempPath();

    public ConsensusBenchResult Run()
    {
        string root = Path.Combine(WorkDirectory, $"plover-bench-consensus-{Environment.ProcessId}-{BatchSize}");
        try
        {
            return RunIn(root);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private ConsensusBenchResult RunIn(string root)
    {
        Directory.CreateDirectory(root);
        var network = new InMemoryNetwork(Members);
        var load = new ClosedLoopLoad(BatchSize, Clients, PayloadBytes);
        var replicas = Members.Select(id => new BenchReplica(
            Config(id),
            RocksDbLogStore.Open(Path.Combine(root, $"node{id}"), new StoreIdentity("bench", id)),
            network,
            propose: id == 1 ? load.ProposeDue : null,
            onApplied: id == 1 ? load.OnApplied : null)).ToList();
        try
        {
            replicas[0].Node.StartElection();
            foreach (BenchReplica replica in replicas) replica.Start();
            Thread.Sleep(Warmup);
            var before = load.Snapshot(replicas[0]);
            load.RecordLatencies = true;
            Thread.Sleep(Duration);
            var after = load.Snapshot(replicas[0]);
            load.RecordLatencies = false;
            foreach (BenchReplica replica in replicas) replica.Stop();
            return Summarize(before, after, load);
        }
        finally
        {
            foreach (BenchReplica replica in replicas) replica.Dispose();
        }
    }

    private PaxosConfig Config(int id) => new()
    {
        NodeId = id,
        Members = Members,
        Seed = (ulong)id,
        BatchEntriesMax = BatchSize,
        AcceptSlotsMax = Math.Max(8, 4096 / BatchSize),
        // Below the 85,000-byte large-object threshold, so messages stay in the cheap generations.
        AcceptBytesMax = 64 << 10,
        InflightSlotsMax = Math.Max(64, 16_384 / BatchSize),
        PipelineSlotsMax = Math.Max(64, 16_384 / BatchSize),
        FollowerAheadSlotsMax = Math.Max(256, 65_536 / BatchSize),
        ProposalsQueuedMax = 1 << 20,
    };

    private ConsensusBenchResult Summarize(LoadSnapshot before, LoadSnapshot after, ClosedLoopLoad load)
    {
        double seconds = (after.Timestamp - before.Timestamp) / (double)Stopwatch.Frequency;
        long entries = after.Entries - before.Entries;
        long syncs = after.LeaderSyncs - before.LeaderSyncs;
        return new ConsensusBenchResult(
            BatchSize, Clients, seconds, entries, after.Slots - before.Slots, entries / seconds,
            load.Latencies.PercentileMilliseconds(0.50), load.Latencies.PercentileMilliseconds(0.99),
            syncs / seconds, syncs == 0 ? 0 : entries / (double)syncs);
    }

}
