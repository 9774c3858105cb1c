namespace Plover.Linearizability.Search;

/// <summary>
/// Decides whether a history of operations on one object is linearizable: the Wing-Gong search
/// with Lowe's improvements, as Porcupine does it. It walks the time-ordered events, linearizing
/// any pending operation the sequential model accepts, backtracking when an operation's return is
/// reached before it was linearized, and memoizing (linearized set, state) configurations already
/// explored so that none is expanded twice. Bounded: past a limit on explored configurations or
/// on their memory, it stops with an inconclusive verdict instead of running on.
///
/// Indeterminate operations (never answered) would make the search exponential in their number,
/// since each may be linearized at any point or never. Three sound reductions keep it tractable:
/// <list type="bullet">
/// <item>At each configuration, determinate candidates are tried before indeterminate ones.</item>
/// <item>Dominance: a configuration that used an indeterminate operation u fails if the same
/// configuration without u (same state, u still available) already failed, because any success
/// from the former is one from the latter with u placed last. Trying determinate candidates first
/// makes those smaller configurations be explored, and fail, first.</item>
/// <item>Twins: indeterminate operations with the same command are interchangeable once both are
/// called, so they are linearized only in call order.</item>
/// </list>
/// </summary>
internal static class WglSearch
{
    /// <summary>Applies operation <paramref name="operation"/> to <paramref name="state"/>; false if its observed output is impossible there.</summary>
    public delegate bool Step<TState>(TState state, int operation, out TState next);

    public static SearchOutcome<TState> Run<TState>(IReadOnlyList<SearchOperation> operations, TState initial, Step<TState> step, SearchLimits limits)
        where TState : IEquatable<TState>
    {
        var search = new Search<TState>(operations, initial, step, limits);
        return search.Run();
    }

    private sealed class Search<TState>(IReadOnlyList<SearchOperation> operations, TState initial, Step<TState> step, SearchLimits limits)
        where TState : IEquatable<TState>
    {
        private readonly EventList _events = new(operations.Select(o => (o.Call, o.Return)).ToArray());
        private readonly LinearizedSet _all = new(operations.Count);
        private readonly List<int> _usedIndeterminate = [];
        private readonly Dictionary<Configuration<TState>, bool> _explored = new(new ConfigurationComparer<TState>());
        private readonly Stack<Frame> _stack = new();
        private DeadEnd<TState>? _deepest;

        /// <summary>A linearized call: where to resume, the state before it, which pass found it, and its configuration.</summary>
        private readonly record struct Frame(int Call, TState Before, bool IndeterminatePass, Configuration<TState> Key);

        private long BytesPerConfiguration => 96 + 8L * _all.WordCount;

        public SearchOutcome<TState> Run()
        {
            TState state = initial;
            int e = _events.First;
            bool indeterminatePass = false;
            while (!_events.IsEmpty)
            {
                if (_events.IsCall(e))
                {
                    int op = _events.OperationOf(e);
                    if (Eligible(op, indeterminatePass) && step(state, op, out TState next) && TryVisit(op, next, out Configuration<TState> key))
                    {
                        if (_explored.Count > limits.StatesMax || _explored.Count * BytesPerConfiguration > limits.MemoryBytesMax)
                            return Inconclusive();
                        _stack.Push(new Frame(e, state, indeterminatePass, key));
                        state = next;
                        _events.Lift(e);
                        (e, indeterminatePass) = (_events.First, false);
                    }
                    else
                    {
                        e = _events.Next(e);
                    }
                    continue;
                }
                // The window of candidates ends at the first pending return.
                if (!indeterminatePass)
                {
                    (e, indeterminatePass) = (_events.First, true);
                    continue;
                }
                if (_deepest is null || _stack.Count > _deepest.Prefix.Count) _deepest = DeadEndAt(state, e);
                if (_stack.Count == 0) return new SearchOutcome<TState>(SearchVerdict.NotLinearizable, _explored.Count, null, _deepest, null);
                (e, indeterminatePass, state) = Backtrack();
            }
            int[] order = _stack.Select(f => _events.OperationOf(f.Call)).Reverse().ToArray();
            return new SearchOutcome<TState>(SearchVerdict.Linearizable, _explored.Count, order, null, null);
        }

        private bool Eligible(int op, bool indeterminatePass)
        {
            SearchOperation o = operations[op];
            if (o.Indeterminate != indeterminatePass) return false;
            return o.PreviousTwin < 0 || _all.Contains(o.PreviousTwin);
        }

        /// <summary>Linearizes <paramref name="op"/> into the set and records the configuration, unless it was explored or is dominated by a failed one.</summary>
        private bool TryVisit(int op, TState next, out Configuration<TState> key)
        {
            key = default;
            _all.Add(op);
            if (operations[op].Indeterminate) _usedIndeterminate.Add(op);
            if (_explored.ContainsKey(new Configuration<TState>(_all.Hash, null, _all, -1, next)) || Dominated(next))
            {
                Unvisit(op);
                return false;
            }
            key = new Configuration<TState>(_all.Hash, _all.Bits.ToArray(), null, -1, next);
            _explored.Add(key, false);
            return true;
        }

        /// <summary>True if, for some indeterminate operation used, the configuration without it has the same state and already failed.</summary>
        private bool Dominated(TState next)
        {
            foreach (int u in _usedIndeterminate)
            {
                var without = new Configuration<TState>(_all.HashToggling(u), null, _all, u, next);
                if (_explored.TryGetValue(without, out bool failed) && failed) return true;
            }
            return false;
        }

        private void Unvisit(int op)
        {
            _all.Remove(op);
            if (operations[op].Indeterminate) _usedIndeterminate.RemoveAt(_usedIndeterminate.Count - 1);
        }

        private (int Resume, bool IndeterminatePass, TState State) Backtrack()
        {
            Frame frame = _stack.Pop();
            _explored[frame.Key] = true; // its whole subtree failed
            Unvisit(_events.OperationOf(frame.Call));
            _events.Unlift(frame.Call);
            return (_events.Next(frame.Call), frame.IndeterminatePass, frame.Before);
        }

        private DeadEnd<TState> DeadEndAt(TState state, int stuck)
        {
            var candidates = new List<int>();
            for (int c = _events.First; c != stuck; c = _events.Next(c))
                if (_events.IsCall(c)) candidates.Add(_events.OperationOf(c));
            int[] prefix = _stack.Select(f => _events.OperationOf(f.Call)).Reverse().ToArray();
            return new DeadEnd<TState>(prefix, state, _events.OperationOf(stuck), candidates);
        }

        private SearchOutcome<TState> Inconclusive()
        {
            long explored = _explored.Count;
            string reason = explored > limits.StatesMax
                ? $"gave up after exploring {limits.StatesMax:N0} configurations (SearchLimits.StatesMax)"
                : $"gave up when its memo table reached {explored * BytesPerConfiguration:N0} bytes (SearchLimits.MemoryBytesMax = {limits.MemoryBytesMax:N0})";
            return new SearchOutcome<TState>(SearchVerdict.Inconclusive, explored, null, _deepest, reason);
        }
    }
}
