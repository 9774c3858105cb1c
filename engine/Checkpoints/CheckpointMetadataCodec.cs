using System.Buffers.Binary;
using Plover.Consensus.Storage;

namespace Plover.Engine.Checkpoints;

/// <summary>
/// The metadata record: u32 BE CRC-32C of the body, then the body: format byte, u64 BE id, slot,
/// epoch, primary ballot, log hash value and entries, digest; u32 BE page count; u32 BE connection
/// count and u64 BE each; globals, table and library OS state as u32 BE length and bytes.
/// </summary>
public static class CheckpointMetadataCodec
{
    public const byte Format = 1;

    /// <summary>Most open connections a checkpoint records (far above what a front door admits).</summary>
    public const int ConnectionsMax = 1 << 20;

    private const int FixedBodyBytes = 1 + 7 * 8 + 4 + 4;

    public static byte[] Encode(CheckpointMetadata meta)
    {
        int length = 4 + FixedBodyBytes + meta.Connections.Count * 8 + 12 + meta.Globals.Length + meta.Table.Length + meta.LibraryOs.Length;
        byte[] record = new byte[length];
        var writer = new Cursor(record, 4, null);
        writer.PutByte(Format);
        foreach (ulong value in new[] { meta.Id, meta.Slot, meta.Epoch, meta.EpochPrimaryBallot, meta.LogHashValue, meta.LogHashEntries, meta.Digest })
            writer.PutU64(value);
        writer.PutU32((uint)meta.PageCount);
        writer.PutU32((uint)meta.Connections.Count);
        foreach (ulong connection in meta.Connections) writer.PutU64(connection);
        writer.PutBytes(meta.Globals);
        writer.PutBytes(meta.Table);
        writer.PutBytes(meta.LibraryOs);
        Invariant.Require(writer.Offset == length, "the metadata record is filled exactly");
        BinaryPrimitives.WriteUInt32BigEndian(record, Crc32C.Compute(record.AsSpan(4)));
        return record;
    }

    public static CheckpointMetadata Decode(byte[] record)
    {
        if (record.Length < 4 + FixedBodyBytes)
            throw new CheckpointCorruptionException(null, null, $"record of {record.Length} bytes, shorter than the {4 + FixedBodyBytes} of its fixed part");
        uint stored = BinaryPrimitives.ReadUInt32BigEndian(record);
        uint computed = Crc32C.Compute(record.AsSpan(4));
        ulong id = BinaryPrimitives.ReadUInt64BigEndian(record.AsSpan(5));
        if (stored != computed) throw new CheckpointCorruptionException(null, null, $"checksum mismatch (stored {stored:x8}, computed {computed:x8})");
        var reader = new Cursor(record, 4, id);
        byte format = reader.TakeByte();
        if (format != Format) throw new CheckpointCorruptionException(id, null, $"format {format}, this build reads {Format}");
        id = reader.TakeU64();
        ulong slot = reader.TakeU64(), epoch = reader.TakeU64(), ballot = reader.TakeU64();
        ulong logHash = reader.TakeU64(), logEntries = reader.TakeU64(), digest = reader.TakeU64();
        uint pageCount = reader.TakeU32();
        if (pageCount > int.MaxValue) throw new CheckpointCorruptionException(id, null, $"page count {pageCount} is beyond any memory");
        uint connectionCount = reader.TakeU32();
        if (connectionCount > ConnectionsMax) throw new CheckpointCorruptionException(id, null, $"{connectionCount} connections, more than {ConnectionsMax}");
        var connections = new ulong[connectionCount];
        for (int i = 0; i < connections.Length; i++) connections[i] = reader.TakeU64();
        byte[] globals = reader.TakeBytes("globals"), table = reader.TakeBytes("table"), os = reader.TakeBytes("library OS state");
        if (reader.Offset != record.Length) throw new CheckpointCorruptionException(id, null, $"{record.Length - reader.Offset} bytes after the last field");
        return new CheckpointMetadata
        {
            Id = id, Slot = slot, Epoch = epoch, EpochPrimaryBallot = ballot, LogHashValue = logHash, LogHashEntries = logEntries,
            Digest = digest, PageCount = (int)pageCount, Connections = connections, Globals = globals, Table = table, LibraryOs = os,
        };
    }

    /// <summary>Reads and writes big-endian fields in order; running past the end is corruption of the checkpoint named.</summary>
    private sealed class Cursor(byte[] buffer, int offset, ulong? checkpoint)
    {
        public int Offset { get; private set; } = offset;

        public void PutByte(byte value) => buffer[Offset++] = value;

        public void PutU32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(Offset), value);
            Offset += 4;
        }

        public void PutU64(ulong value)
        {
            BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(Offset), value);
            Offset += 8;
        }

        public void PutBytes(byte[] value)
        {
            PutU32((uint)value.Length);
            value.CopyTo(buffer, Offset);
            Offset += value.Length;
        }

        public byte TakeByte() => Need(1, "format")[0];

        public uint TakeU32() => BinaryPrimitives.ReadUInt32BigEndian(Need(4, "a u32 field"));

        public ulong TakeU64() => BinaryPrimitives.ReadUInt64BigEndian(Need(8, "a u64 field"));

        public byte[] TakeBytes(string what)
        {
            uint length = TakeU32();
            if (length > buffer.Length - Offset)
                throw new CheckpointCorruptionException(checkpoint, null, $"{what} claims {length} bytes, {buffer.Length - Offset} remain");
            return Need((int)length, what).ToArray();
        }

        private ReadOnlySpan<byte> Need(int count, string what)
        {
            if (buffer.Length - Offset < count)
                throw new CheckpointCorruptionException(checkpoint, null, $"ends inside {what} at byte {Offset}");
            ReadOnlySpan<byte> span = buffer.AsSpan(Offset, count);
            Offset += count;
            return span;
        }
    }
}
