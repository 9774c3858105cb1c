namespace Plover.Linearizability.Search;

internal enum SearchVerdict { Linearizable, NotLinearizable, Inconclusive }

/// <summary>
/// Where the search got furthest before it had to give up on a branch: the operations linearized
/// in order, the state they led to, the operation whose return came before it could be linearized,
/// and the operations that were candidates to go next at that point (each was tried and failed,
/// or led to a state already known to fail).
/// </summary>
internal sealed record DeadEnd<TState>(IReadOnlyList<int> Prefix, TState State, int Stuck, IReadOnlyList<int> Candidates);

internal sealed record SearchOutcome<TState>(
    SearchVerdict Verdict,
    long StatesExplored,
    IReadOnlyList<int>? Order,
    DeadEnd<TState>? Deepest,
    string? InconclusiveReason);
