namespace Plover.Consensus;

/// <summary>
/// One chosen proposal handed to the host to apply, in slot order and, within a slot, in proposal
/// order. A no-op slot yields one entry with <see cref="IsNoOp"/> set and no payload; the host
/// skips it but may use its slot to know how far the log has gone.
/// </summary>
public readonly record struct CommittedEntry(ulong Slot, int Index, int CountInSlot, byte[] Payload, bool IsNoOp)
{
    public override string ToString() => IsNoOp ? $"{Slot}: no-op" : $"{Slot}.{Index}/{CountInSlot}: {Payload.Length} bytes";
}
