namespace Plover.Linearizability.Search;

/// <summary>
/// The call and return events of a history in time order, as a doubly linked list from which an
/// operation's two events are removed when it is linearized and restored, in reverse order, when
/// the search backtracks (the "lift"/"unlift" of Lowe's algorithm).
/// </summary>
internal sealed class EventList
{
    public const int Nil = -1;
    private const int Head = 0;

    private readonly int[] _next, _prev, _operation, _match;
    private readonly bool[] _isCall;

    /// <summary>
    /// Events are ordered by time; at equal times calls come before returns, so operations that
    /// touch at an instant count as concurrent (intervals are closed), then by operation index.
    /// </summary>
    public EventList(IReadOnlyList<(long Call, long Return)> intervals)
    {
        int n = intervals.Count;
        var events = new (long Time, int Kind, int Operation)[2 * n];
        for (int i = 0; i < n; i++)
        {
            if (intervals[i].Return < intervals[i].Call) throw new ArgumentException($"operation {i} returns before it is called");
            events[2 * i] = (intervals[i].Call, 0, i);
            events[2 * i + 1] = (intervals[i].Return, 1, i);
        }
        Array.Sort(events);
        _next = new int[2 * n + 1];
        _prev = new int[2 * n + 1];
        _operation = new int[2 * n + 1];
        _match = new int[2 * n + 1];
        _isCall = new bool[2 * n + 1];
        var callEvent = new int[n];
        for (int e = 1; e <= 2 * n; e++)
        {
            (_, int kind, int op) = events[e - 1];
            _operation[e] = op;
            _isCall[e] = kind == 0;
            if (kind == 0) callEvent[op] = e;
            else { _match[e] = callEvent[op]; _match[callEvent[op]] = e; }
        }
        for (int e = 0; e <= 2 * n; e++)
        {
            _next[e] = e == 2 * n ? Nil : e + 1;
            _prev[e] = e - 1;
        }
    }

    public int First => _next[Head];
    public bool IsEmpty => _next[Head] == Nil;
    public int Next(int e) => _next[e];
    public bool IsCall(int e) => _isCall[e];
    public int OperationOf(int e) => _operation[e];

    /// <summary>Removes a call event and its return.</summary>
    public void Lift(int call)
    {
        if (!_isCall[call]) throw new InvalidOperationException($"event {call} is a return; only calls are lifted");
        Remove(call);
        Remove(_match[call]);
    }

    /// <summary>Restores what <see cref="Lift"/> removed; lifts must be undone last-first.</summary>
    public void Unlift(int call)
    {
        Restore(_match[call]);
        Restore(call);
    }

    private void Remove(int e)
    {
        _next[_prev[e]] = _next[e];
        if (_next[e] != Nil) _prev[_next[e]] = _prev[e];
    }

    private void Restore(int e)
    {
        _next[_prev[e]] = e;
        if (_next[e] != Nil) _prev[_next[e]] = e;
    }
}
