using Plover.Consensus.Storage;

namespace Plover.Engine.Checkpoints;

/// <summary>
/// The node's checkpoint in its store's <c>engine</c> column family, kept as one materialized image:
/// a checkpoint writes the pages changed since the previous one (deleting pages that became zero)
/// and replaces the metadata, all in one synced atomic batch. So the store always holds exactly one
/// complete checkpoint, the newest written, and an increment never needs a chain of bases to load.
/// </summary>
public sealed class CheckpointStore(ILogStore store)
{
    /// <summary>The newest checkpoint's metadata (checked), or null when this node never wrote one.</summary>
    public CheckpointMetadata? ReadMetadata()
    {
        byte[]? record = store.ReadEngineValue(CheckpointKeys.Metadata);
        return record is null ? null : CheckpointMetadataCodec.Decode(record);
    }

    /// <summary>The newest checkpoint with every page, every record checked; null when there is none.</summary>
    public LoadedCheckpoint? Load()
    {
        CheckpointMetadata? meta = ReadMetadata();
        if (meta is null) return null;
        var pages = new List<(int, ReadOnlyMemory<byte>)>();
        foreach (KeyValuePair<byte[], byte[]> record in store.ReadEngineValues(CheckpointKeys.PagePrefix))
        {
            int index = CheckpointKeys.PageOf(record.Key, meta.Id);
            if (index >= meta.PageCount)
                throw new CheckpointCorruptionException(meta.Id, index, $"a record beyond the checkpoint's {meta.PageCount} pages");
            pages.Add((index, CheckpointPageRecord.Decode(index, record.Value, meta.Id).Page));
        }
        return new LoadedCheckpoint(meta, pages);
    }

    /// <summary>One page of the stored checkpoint (zeros when it has no record), checked; for a state transfer.</summary>
    public byte[] ReadPage(int index, ulong expectedCheckpoint)
    {
        byte[]? record = store.ReadEngineValue(CheckpointKeys.Page(index));
        if (record is null) return new byte[Guest.IGuestMachine.PageBytes];
        return CheckpointPageRecord.Decode(index, record, expectedCheckpoint).Page.ToArray();
    }

    /// <summary>Writes a checkpoint atomically and returns once it is on stable storage; a storage error propagates (fatal).</summary>
    public void Write(CheckpointCapture capture)
    {
        ulong id = capture.Metadata.Id;
        var writes = new List<EngineWrite>(capture.ChangedPages.Count + 1);
        foreach ((int index, byte[]? bytes) in capture.ChangedPages)
        {
            Invariant.Require(index < capture.Metadata.PageCount, $"checkpoint {id} page {index} lies within its {capture.Metadata.PageCount} pages");
            writes.Add(new EngineWrite(CheckpointKeys.Page(index), bytes is null ? null : CheckpointPageRecord.Encode(id, index, bytes)));
        }
        writes.Add(new EngineWrite(CheckpointKeys.Metadata, CheckpointMetadataCodec.Encode(capture.Metadata)));
        store.Persist(new PersistBatch(null, [], Sync: true, writes));
    }
}
