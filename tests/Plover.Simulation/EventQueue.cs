namespace Plover.Simulation;

/// <summary>
/// The simulator's agenda: events ordered by (virtual time, sequence number). The sequence number
/// breaks ties in scheduling order, so the run never depends on how a heap orders equal keys.
/// </summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<SimEvent, EventKey> _queue = new();
    private long _sequence;

    public int Count => _queue.Count;

    public void Schedule(long time, SimEvent simEvent) => _queue.Enqueue(simEvent, new EventKey(time, _sequence++));

    public bool TryDequeue(out SimEvent simEvent, out long time)
    {
        if (_queue.TryDequeue(out SimEvent? next, out EventKey key))
        {
            simEvent = next;
            time = key.Time;
            return true;
        }
        simEvent = null!;
        time = 0;
        return false;
    }

    private readonly record struct EventKey(long Time, long Sequence) : IComparable<EventKey>
    {
        public int CompareTo(EventKey other)
        {
            int byTime = Time.CompareTo(other.Time);
            return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
        }
    }
}
