namespace Plover.Consensus;

/// <summary>What an acceptor holds for one slot: the value it accepted and the ballot it accepted it in.</summary>
public sealed record LogEntry(ulong Slot, Ballot Ballot, SlotValue Value)
{
    public override string ToString() => $"slot {Slot} @ {Ballot}: {Value}";
}
