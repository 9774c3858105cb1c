namespace Plover.Engine.Checkpoints;

/// <summary>
/// What one checkpoint writes: its metadata and the pages whose content changed since the previous
/// checkpoint, each with its bytes (copied out of the guest at the boundary) or null when it became
/// all zeros (its record is deleted: a page without a record is a zero page).
/// </summary>
public sealed record CheckpointCapture(CheckpointMetadata Metadata, IReadOnlyList<(int Index, byte[]? Bytes)> ChangedPages)
{
    public long PageBytes => ChangedPages.Count(p => p.Bytes is not null) * (long)Guest.IGuestMachine.PageBytes;
}

/// <summary>A checkpoint read back from the store, every record checked: its metadata and every non-zero page, ascending.</summary>
public sealed record LoadedCheckpoint(CheckpointMetadata Metadata, IReadOnlyList<(int Index, ReadOnlyMemory<byte> Bytes)> Pages);
