namespace Plover.Engine.Execution;

/// <summary>
/// The executor's queue: every component posts here, the executor's thread takes in order, waiting
/// at most until its next timer. Unbounded in count: what flows in is bounded upstream (the leader
/// stops proposing while <see cref="CommittedBytesProposeMax"/> committed bytes wait here, the
/// front door holds back clients).
/// </summary>
public sealed class ExecutorInbox
{
    private readonly Queue<ExecutorEvent> events = new();
    private readonly object gate = new();

    public int Count
    {
        get { lock (gate) return events.Count; }
    }

    /// <summary>Committed payloads waiting (the primary is idle when none is).</summary>
    public int CommittedWaiting { get; private set; }

    /// <summary>
    /// Committed bytes not yet executed past which the leader proposes nothing new: the log may
    /// commit faster than the guest executes (an epoch sync holds the executor), and whatever it
    /// commits meanwhile waits here in memory, in log order, ahead of any later request. Two
    /// batches of the largest size: enough to keep the executor busy while the next commits, and
    /// short, so that input waits in the batcher, where connections take turns.
    /// </summary>
    public const long CommittedBytesProposeMax = 1L << 20;

    private long committedBytesWaiting;

    /// <summary>Raised (executor thread) when the committed backlog falls back below <see cref="CommittedBytesProposeMax"/>: proposing may resume.</summary>
    public event Action? CommittedBacklogDrained;

    /// <summary>Whether the leader should hold new proposals back: too many committed bytes wait for the executor.</summary>
    public bool CommittedBacklogFull => CommittedBytesWaiting >= CommittedBytesProposeMax;

    /// <summary>Bytes of committed payloads posted and not yet executed (<see cref="CommittedExecuted"/>), wherever they wait on the executor's side.</summary>
    public long CommittedBytesWaiting => Interlocked.Read(ref committedBytesWaiting);

    public void Post(ExecutorEvent item)
    {
        lock (gate)
        {
            events.Enqueue(item);
            if (item is CommittedPayload committed)
            {
                CommittedWaiting++;
                Interlocked.Add(ref committedBytesWaiting, committed.Payload.Length);
            }
            Monitor.Pulse(gate);
        }
    }

    /// <summary>The executor is done with a committed payload (executed, or skipped as already reflected).</summary>
    public void CommittedExecuted(CommittedPayload payload)
    {
        long left = Interlocked.Add(ref committedBytesWaiting, -payload.Payload.Length);
        Invariant.Require(left >= 0, $"slot {payload.Slot}: more committed bytes executed than were posted");
        if (left < CommittedBytesProposeMax && left + payload.Payload.Length >= CommittedBytesProposeMax) CommittedBacklogDrained?.Invoke();
    }

    /// <summary>The next event, or null if none came within <paramref name="timeout"/>.</summary>
    public ExecutorEvent? Take(TimeSpan timeout)
    {
        lock (gate)
        {
            if (events.Count == 0 && (timeout <= TimeSpan.Zero || !Monitor.Wait(gate, timeout))) return null;
            if (events.Count == 0) return null;
            ExecutorEvent item = events.Dequeue();
            if (item is CommittedPayload) CommittedWaiting--;
            return item;
        }
    }
}
