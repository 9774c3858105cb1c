namespace Plover.Engine.Execution;

/// <summary>
/// The executor's queue: every component posts here, the executor's thread takes in order, waiting
/// at most until its next timer. Unbounded in count: what flows in is bounded upstream (consensus
/// hands out at most a Ready's worth of slots at a time, the front door holds back clients).
/// </summary>
public sealed class ExecutorInbox
{
    private readonly Queue<ExecutorEvent> events = new();
    private readonly SemaphoreSlim available = new(0);
    private readonly object gate = new();

    public int Count
    {
        get { lock (gate) return events.Count; }
    }

    /// <summary>Committed payloads waiting (the primary is idle when none is).</summary>
    public int CommittedWaiting { get; private set; }

    public void Post(ExecutorEvent item)
    {
        lock (gate)
        {
            events.Enqueue(item);
            if (item is CommittedPayload) CommittedWaiting++;
        }
        available.Release();
    }

    /// <summary>The next event, or null if none came within <paramref name="timeout"/>.</summary>
    public ExecutorEvent? Take(TimeSpan timeout)
    {
        if (!available.Wait(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout)) return null;
        lock (gate)
        {
            ExecutorEvent item = events.Dequeue();
            if (item is CommittedPayload) CommittedWaiting--;
            return item;
        }
    }
}
