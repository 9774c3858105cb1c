namespace Plover.Consensus;

/// <summary>
/// The per-node state that must survive a crash besides the log entries: the highest ballot
/// promised, the highest slot known chosen (commit), and the first slot still in the log (everything
/// below it is covered by a checkpoint).
/// </summary>
public readonly record struct HardState(Ballot Promised, ulong CommitSlot, ulong FirstSlot)
{
    public override string ToString() => $"promised {Promised}, commit {CommitSlot}, first {FirstSlot}";
}
