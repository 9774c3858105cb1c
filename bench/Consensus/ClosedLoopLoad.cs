using System.Buffers.Binary;
using System.Diagnostics;
using Plover.Consensus;

namespace Plover.Bench.Consensus;

/// <summary>Counters of the load at one instant.</summary>
internal readonly record struct LoadSnapshot(long Timestamp, long Entries, long Slots, long LeaderSyncs);

/// <summary>
/// The clients, run on the leader's host thread (so they add no latency of their own): each keeps
/// one batch of <see cref="BatchSize"/> proposals outstanding and resubmits when it is applied.
/// </summary>
internal sealed class ClosedLoopLoad(int batchSize, int clients, int payloadBytes)
{
    private readonly Queue<int> _due = new(Enumerable.Range(0, clients));
    private readonly Dictionary<long, long> _submittedAt = [];
    private readonly int[] _outstanding = new int[clients];
    private long _nextSequence;
    private long _entries;
    private long _lastSlot;
    private long _slots;

    public LatencyRecorder Latencies { get; } = new();

    public volatile bool RecordLatencies;

    public int BatchSize => batchSize;

    public LoadSnapshot Snapshot(BenchReplica leader) =>
        new(Stopwatch.GetTimestamp(), Interlocked.Read(ref _entries), Interlocked.Read(ref _slots), leader.SyncedWrites);

    /// <summary>Proposes a batch for every client whose previous batch committed; true if any was proposed.</summary>
    public bool ProposeDue(BenchReplica replica)
    {
        if (!replica.Node.IsLeader || _due.Count == 0) return false;
        long now = Stopwatch.GetTimestamp();
        while (_due.TryDequeue(out int client))
        {
            for (int i = 0; i < batchSize; i++)
            {
                long sequence = _nextSequence++;
                byte[] payload = new byte[payloadBytes];
                BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), client);
                if (!replica.Node.Propose(payload).IsAccepted) throw new InvalidOperationException("the leader refused a proposal");
                _submittedAt[sequence] = now;
            }
            _outstanding[client] = batchSize;
        }
        return true;
    }

    public void OnApplied(BenchReplica replica, IReadOnlyList<CommittedEntry> committed)
    {
        long now = Stopwatch.GetTimestamp();
        foreach (CommittedEntry entry in committed)
        {
            if (entry.IsNoOp) continue;
            long sequence = BinaryPrimitives.ReadInt64LittleEndian(entry.Payload);
            int client = BinaryPrimitives.ReadInt32LittleEndian(entry.Payload.AsSpan(8));
            if (_submittedAt.Remove(sequence, out long submitted) && RecordLatencies) Latencies.Add(now - submitted);
            if (--_outstanding[client] == 0) _due.Enqueue(client);
            if ((long)entry.Slot != _lastSlot)
            {
                _lastSlot = (long)entry.Slot;
                Interlocked.Increment(ref _slots);
            }
            Interlocked.Increment(ref _entries);
        }
    }
}
