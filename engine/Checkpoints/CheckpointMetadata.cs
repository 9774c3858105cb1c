namespace Plover.Engine.Checkpoints;

/// <summary>
/// Everything of a checkpoint except its pages: which checkpoint, the committed log slot and epoch
/// it reflects, the executor's own state at that boundary (epoch primary, log hash, open
/// connections) and the guest's memory size, globals, table and library OS state.
/// </summary>
public sealed record CheckpointMetadata
{
    /// <summary>Raised by one at every checkpoint a node writes (1 is the first).</summary>
    public required ulong Id { get; init; }

    /// <summary>The last log slot the state reflects: replay starts at the next one.</summary>
    public required ulong Slot { get; init; }

    /// <summary>The epoch whose boundary this is.</summary>
    public required ulong Epoch { get; init; }

    /// <summary>The ballot of the takeover that made the epoch's primary.</summary>
    public required ulong EpochPrimaryBallot { get; init; }

    public required ulong LogHashValue { get; init; }

    public required ulong LogHashEntries { get; init; }

    /// <summary>Client connections the log opened and did not close, ascending (a takeover closes them).</summary>
    public required IReadOnlyList<ulong> Connections { get; init; }

    /// <summary>Linear memory size in 4 KiB pages.</summary>
    public required int PageCount { get; init; }

    /// <summary>The state digest at the boundary, checked again after a load.</summary>
    public required ulong Digest { get; init; }

    public required byte[] Globals { get; init; }

    public required byte[] Table { get; init; }

    public required byte[] LibraryOs { get; init; }

    public override string ToString() => $"checkpoint {Id} (slot {Slot}, epoch {Epoch}, {PageCount} pages)";
}
