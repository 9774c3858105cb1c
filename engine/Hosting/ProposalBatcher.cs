using System.Security.Cryptography;
using Plover.Engine.Config;
using Plover.Engine.Execution;
using Plover.Engine.FrontDoor;
using Plover.Engine.Log;

namespace Plover.Engine.Hosting;

/// <summary>
/// What the leader will propose next: client inputs from the front door (connects, bytes, closes),
/// epoch ends the executor asks for, a takeover when this node becomes leader, and empty batches
/// that move the log's clock. The consensus loop takes one <see cref="LogBatch"/> at a time while
/// it leads; everything else adds from any thread. Client inputs are taken from their connections
/// in turn (<see cref="FairInputQueue"/>): the batch order becomes the log order, and one flooding
/// connection cannot fill every batch ahead of another's request. Bounded in bytes: a full batcher
/// makes the front door stop reading its clients.
/// </summary>
public sealed class ProposalBatcher : IEpochProposer
{
    /// <summary>Largest proposal (the consensus payload limit is 1 MiB).</summary>
    public const int BatchBytesMax = 512 * 1024;

    /// <summary>
    /// Client input waiting for a proposal, at most; past it the front door holds its clients back.
    /// A safety net above what the front doors already bound: this node's own clients
    /// (<see cref="ClientInputBudget.NodeBytesMax"/>) plus what each of two peers may forward (the same
    /// bound on their side), with room for the reads in flight past those bounds. A forwarded client
    /// that meets it is closed (see the front door), so it must stay above what well-behaved peers send.
    /// </summary>
    public const long PendingBytesMax = 4 * ClientInputBudget.NodeBytesMax;

    private readonly object gate = new();
    private readonly ReplicationMode mode;
    private readonly TimeProvider time;
    private readonly TimeSpan epochEndRetry;
    private readonly FairInputQueue pending = new();
    private ulong leaderBallot;
    private bool takeoverDue;
    private bool epochEndRequested;
    private long? epochEndOutstandingSince;
    private bool timeAdvanceRequested;
    private long lastTimestampNs;
    private ulong nextEpochHint = 1;
    private Random seeds = new(0);

    public ProposalBatcher(ReplicationMode mode, TimeProvider time, TimeSpan epochEndRetry)
    {
        this.mode = mode;
        this.time = time;
        this.epochEndRetry = epochEndRetry;
    }

    public long PendingBytes
    {
        get { lock (gate) return pending.Bytes; }
    }

    /// <summary>Raised (outside the lock) when the batcher has room again after refusing input.</summary>
    public event Action? RoomAvailable;

    private bool wasFull;

    /// <summary>This node leads with <paramref name="ballot"/> (0: it no longer leads). A new leadership proposes its takeover first.</summary>
    public void LeadershipChanged(ulong ballot)
    {
        lock (gate)
        {
            if (ballot == leaderBallot) return;
            leaderBallot = ballot;
            pending.Clear();
            takeoverDue = ballot != 0;
            epochEndRequested = false;
            epochEndOutstandingSince = null;
            timeAdvanceRequested = false;
            seeds = new Random(RandomNumberGenerator.GetInt32(int.MaxValue));
        }
    }

    /// <summary>Queues a client input for the leadership <paramref name="ballot"/>; false when full or when that leadership is over.</summary>
    public bool TryAdd(ulong ballot, LogEntry entry)
    {
        ulong connection = entry switch
        {
            ConnectEntry c => c.Connection,
            DataEntry d => d.Connection,
            CloseEntry c => c.Connection,
            _ => throw new ArgumentException($"a {entry.Kind} entry is not client input", nameof(entry)),
        };
        int bytes = FairInputQueue.SizeOf(entry);
        lock (gate)
        {
            if (ballot != leaderBallot || ballot == 0) return false;
            if (pending.Bytes + bytes > PendingBytesMax && entry is DataEntry)
            {
                wasFull = true;
                return false;
            }
            pending.Enqueue(connection, entry);
            return true;
        }
    }

    public void RequestEpochEnd()
    {
        lock (gate) epochEndRequested = true;
    }

    public void EpochEndExecuted()
    {
        lock (gate)
        {
            epochEndOutstandingSince = null;
            nextEpochHint++;
        }
    }

    public void RequestTimeAdvance()
    {
        lock (gate) timeAdvanceRequested = true;
    }

    public void RetryTakeover(ulong ballot)
    {
        lock (gate)
        {
            if (ballot == leaderBallot) takeoverDue = true;
        }
    }

    /// <summary>Whether <see cref="TakeBatch"/> has anything to propose.</summary>
    public bool HasWork
    {
        get
        {
            lock (gate) return leaderBallot != 0 && (takeoverDue || pending.Count > 0 || timeAdvanceRequested || EpochEndDue());
        }
    }

    /// <summary>The next batch to propose, or null. A vsmr batch with client input also ends the epoch when no epoch end is on its way.</summary>
    public LogBatch? TakeBatch()
    {
        LogBatch? batch;
        bool roomNow;
        lock (gate)
        {
            batch = TakeLocked();
            roomNow = wasFull && pending.Bytes < PendingBytesMax / 2;
            if (roomNow) wasFull = false;
        }
        if (roomNow) RoomAvailable?.Invoke();
        return batch;
    }

    private LogBatch? TakeLocked()
    {
        if (leaderBallot == 0) return null;
        var entries = new List<LogEntry>();
        if (takeoverDue)
        {
            takeoverDue = false;
            entries.Add(new TakeoverEntry(leaderBallot));
            return Stamp(entries);
        }
        pending.TakeInto(entries, LogBatchCodec.EntriesPerBatchMax - 1, BatchBytesMax); // room for an epoch end
        bool endEpoch = mode == ReplicationMode.Vsmr && (EpochEndDue() || (entries.Count > 0 && epochEndOutstandingSince is null));
        if (endEpoch)
        {
            entries.Add(new EpochEndEntry(nextEpochHint));
            epochEndRequested = false;
            epochEndOutstandingSince = time.GetTimestamp();
        }
        if (entries.Count == 0 && !timeAdvanceRequested) return null;
        timeAdvanceRequested = false;
        return Stamp(entries);
    }

    /// <summary>An epoch end was asked for and none is on its way (or the one on its way has been lost for too long).</summary>
    private bool EpochEndDue() =>
        mode == ReplicationMode.Vsmr && epochEndRequested
        && (epochEndOutstandingSince is null || time.GetElapsedTime(epochEndOutstandingSince.Value) > epochEndRetry);

    private LogBatch Stamp(List<LogEntry> entries)
    {
        long now = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        lastTimestampNs = Math.Max(lastTimestampNs + 1, now);
        return new LogBatch(lastTimestampNs, (ulong)seeds.NextInt64() ^ ((ulong)seeds.Next() << 40), entries);
    }
}
