namespace Plover.Linearizability.Search;

/// <summary>
/// Decides whether a history of operations on one object is linearizable: the Wing-Gong search
/// with Lowe's improvements, as Porcupine does it. It walks the time-ordered events, linearizing
/// any pending operation the sequential model accepts, backtracking when an operation's return is
/// reached before it was linearized, and memoizing (linearized set, state) pairs already explored
/// so that no configuration is expanded twice. Bounded: past a limit on explored configurations,
/// or on their memory, it stops with an inconclusive verdict instead of running on.
/// </summary>
internal static class WglSearch
{
    /// <summary>Applies operation <paramref name="operation"/> to <paramref name="state"/>; false if its observed output is impossible there.</summary>
    public delegate bool Step<TState>(TState state, int operation, out TState next);

    public static SearchOutcome<TState> Run<TState>(
        IReadOnlyList<(long Call, long Return)> intervals, TState initial, Step<TState> step, SearchLimits limits)
        where TState : IEquatable<TState>
    {
        var events = new EventList(intervals);
        var linearized = new LinearizedSet(intervals.Count);
        var cache = new HashSet<Configuration<TState>>(new ConfigurationComparer<TState>());
        var stack = new Stack<(int Call, TState Before)>();
        long bytesPerEntry = 64 + 8L * linearized.WordCount;
        DeadEnd<TState>? deepest = null;
        TState state = initial;
        int e = events.First;
        while (!events.IsEmpty)
        {
            if (events.IsCall(e))
            {
                int op = events.OperationOf(e);
                if (step(state, op, out TState next) && Remember(cache, linearized, op, next))
                {
                    if (cache.Count > limits.StatesMax || cache.Count * bytesPerEntry > limits.MemoryBytesMax)
                        return Inconclusive(cache.Count, deepest, limits, bytesPerEntry);
                    stack.Push((e, state));
                    state = next;
                    events.Lift(e);
                    e = events.First;
                }
                else
                {
                    e = events.Next(e);
                }
                continue;
            }
            // A return reached before its operation was linearized: this branch is dead.
            if (deepest is null || stack.Count > deepest.Prefix.Count) deepest = DeadEndAt(events, stack, state, e);
            if (stack.Count == 0) return new SearchOutcome<TState>(SearchVerdict.NotLinearizable, cache.Count, null, deepest, null);
            (int call, TState before) = stack.Pop();
            linearized.Remove(events.OperationOf(call));
            state = before;
            events.Unlift(call);
            e = events.Next(call);
        }
        int[] order = stack.Select(s => events.OperationOf(s.Call)).Reverse().ToArray();
        return new SearchOutcome<TState>(SearchVerdict.Linearizable, cache.Count, order, null, null);
    }

    /// <summary>Adds <paramref name="op"/> to the linearized set and records the configuration; if it was already explored, undoes the add and returns false.</summary>
    private static bool Remember<TState>(HashSet<Configuration<TState>> cache, LinearizedSet linearized, int op, TState next)
        where TState : IEquatable<TState>
    {
        linearized.Add(op);
        var probe = new Configuration<TState>(linearized.Hash, null, linearized, next);
        if (cache.Contains(probe))
        {
            linearized.Remove(op);
            return false;
        }
        cache.Add(new Configuration<TState>(linearized.Hash, linearized.Bits.ToArray(), null, next));
        return true;
    }

    private static DeadEnd<TState> DeadEndAt<TState>(EventList events, Stack<(int Call, TState Before)> stack, TState state, int stuck)
    {
        var candidates = new List<int>();
        for (int c = events.First; c != stuck; c = events.Next(c))
            if (events.IsCall(c)) candidates.Add(events.OperationOf(c));
        int[] prefix = stack.Select(s => events.OperationOf(s.Call)).Reverse().ToArray();
        return new DeadEnd<TState>(prefix, state, events.OperationOf(stuck), candidates);
    }

    private static SearchOutcome<TState> Inconclusive<TState>(long explored, DeadEnd<TState>? deepest, SearchLimits limits, long bytesPerEntry) =>
        new(SearchVerdict.Inconclusive, explored, null, deepest,
            explored > limits.StatesMax
                ? $"gave up after exploring {limits.StatesMax:N0} configurations (SearchLimits.StatesMax)"
                : $"gave up when its memo table reached {explored * bytesPerEntry:N0} bytes (SearchLimits.MemoryBytesMax = {limits.MemoryBytesMax:N0})");
}
