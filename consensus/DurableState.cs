namespace Plover.Consensus;

/// <summary>
/// What a log store holds for a node, loaded at start: the promise, the first slot kept, the commit
/// slot and the accepted entries at or above the first slot, in slot order. Entries up to the commit
/// slot form an unbroken run; above it, holes are normal (an acceptor may miss an accept).
/// </summary>
public sealed record DurableState(Ballot Promised, ulong FirstSlot, ulong CommitSlot, IReadOnlyList<LogEntry> Entries)
{
    /// <summary>
    /// The store was recreated empty after it was lost or found corrupt: the node must not vote
    /// until a leader has rebuilt it from its peers (see <see cref="PaxosNode"/>, rebuilding).
    /// </summary>
    public bool Rebuilding { get; init; }

    /// <summary>The state of a node whose store was lost: empty, and not voting until rebuilt.</summary>
    public static DurableState ForRebuild() => Empty with { Rebuilding = true };

    /// <summary>The state of a brand-new node: nothing promised, nothing accepted, the log starting at slot 1.</summary>
    public static readonly DurableState Empty = new(Ballot.Zero, 1, 0, []);
}
