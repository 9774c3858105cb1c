namespace Plover.Consensus;

/// <summary>
/// The per-node state that must survive a crash besides the log entries: the highest ballot
/// promised, the highest slot known chosen (commit), the first slot still in the log (everything
/// below it is covered by a checkpoint), and whether the node is still being rebuilt from its peers
/// (and so must not vote).
/// </summary>
public readonly record struct HardState(Ballot Promised, ulong CommitSlot, ulong FirstSlot, bool Rebuilding = false)
{
    public override string ToString() =>
        $"promised {Promised}, commit {CommitSlot}, first {FirstSlot}{(Rebuilding ? ", rebuilding" : "")}";
}
