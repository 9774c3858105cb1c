using System.Buffers.Binary;

namespace Plover.Engine.Checkpoints;

/// <summary>
/// The payload of a consensus snapshot: not the memory, only which node serves the pages (the
/// leader that sent it) and the checkpoint's metadata record (slot, epoch, log hash, connections,
/// globals, table, library OS state, digest). Layout: u32 BE node id, then the metadata record.
/// </summary>
public sealed record SnapshotOffer(uint Source, CheckpointMetadata Metadata)
{
    public byte[] Encode()
    {
        byte[] meta = CheckpointMetadataCodec.Encode(Metadata);
        byte[] payload = new byte[4 + meta.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, Source);
        meta.CopyTo(payload, 4);
        return payload;
    }

    public static SnapshotOffer Decode(byte[] payload)
    {
        if (payload.Length < 4) throw new CheckpointCorruptionException(null, null, $"a snapshot payload of {payload.Length} bytes has no source node");
        return new SnapshotOffer(BinaryPrimitives.ReadUInt32BigEndian(payload), CheckpointMetadataCodec.Decode(payload[4..]));
    }
}
