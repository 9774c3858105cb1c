namespace Plover.Engine.Checkpoints;

/// <summary>
/// Which log slot consensus may drop through once a checkpoint is durable: the slot of the checkpoint
/// before it. The log thus keeps one checkpoint interval more than a restart needs, so a peer a
/// little behind still catches up from the log; one further behind gets a state transfer.
/// </summary>
public sealed class LogTruncation(ulong loadedSlot)
{
    private ulong previous = loadedSlot;

    /// <summary>A checkpoint at <paramref name="slot"/> is durable: returns the slot the log may be compacted through (0: nothing yet).</summary>
    public ulong CheckpointDurable(ulong slot)
    {
        Invariant.Require(slot >= previous, $"checkpoints are durable in slot order (slot {slot} after {previous})");
        ulong through = previous;
        previous = slot;
        return through;
    }
}
