namespace Plover.Engine.Checkpoints;

/// <summary>A node could not take the leader's checkpoint by state transfer (refused, lost, or memory that cannot shrink): it stops.</summary>
public sealed class StateTransferException(ulong slot, uint source, string problem)
    : Exception($"state transfer of the checkpoint at slot {slot} from node {source} failed: {problem}")
{
    public ulong Slot { get; } = slot;

    public uint SourceNode { get; } = source;

    public string Problem { get; } = problem;
}
