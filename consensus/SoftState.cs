namespace Plover.Consensus;

/// <summary>
/// Volatile leadership facts the host reacts to (the engine makes the leader's host the primary).
/// A <see cref="Ready"/> carries it only when it changed, so the host sees each change exactly once.
/// </summary>
public readonly record struct SoftState(NodeRole Role, int? LeaderId, Ballot Ballot)
{
    public override string ToString() => $"{Role}, leader {(LeaderId?.ToString() ?? "unknown")}, ballot {Ballot}";
}
