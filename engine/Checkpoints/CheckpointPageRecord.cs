using System.Buffers.Binary;
using Plover.Consensus.Storage;
using Plover.Engine.Guest;

namespace Plover.Engine.Checkpoints;

/// <summary>
/// One stored page: u64 BE id of the checkpoint that wrote it, u32 BE CRC-32C over (page index,
/// that id, the bytes), then the 4 KiB. The index and id are inside the checksum, so a record copied
/// under another key or left over from an unknown checkpoint fails it.
/// </summary>
public static class CheckpointPageRecord
{
    public const int HeaderBytes = 12;

    public const int RecordBytes = HeaderBytes + IGuestMachine.PageBytes;

    public static byte[] Encode(ulong checkpoint, int index, ReadOnlySpan<byte> page)
    {
        Invariant.Require(page.Length == IGuestMachine.PageBytes, $"a checkpoint page is {IGuestMachine.PageBytes} bytes, not {page.Length}");
        byte[] record = new byte[RecordBytes];
        BinaryPrimitives.WriteUInt64BigEndian(record, checkpoint);
        page.CopyTo(record.AsSpan(HeaderBytes));
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(8), Checksum(checkpoint, index, page));
        return record;
    }

    /// <summary>Checks a record of page <paramref name="index"/> read for checkpoint <paramref name="newest"/> and returns the checkpoint that wrote it and its bytes.</summary>
    public static (ulong WrittenBy, ReadOnlyMemory<byte> Page) Decode(int index, byte[] record, ulong newest)
    {
        if (record.Length != RecordBytes)
            throw new CheckpointCorruptionException(newest, index, $"record of {record.Length} bytes, expected {RecordBytes}");
        ulong writtenBy = BinaryPrimitives.ReadUInt64BigEndian(record);
        ReadOnlySpan<byte> page = record.AsSpan(HeaderBytes);
        uint stored = BinaryPrimitives.ReadUInt32BigEndian(record.AsSpan(8));
        uint computed = Checksum(writtenBy, index, page);
        if (stored != computed)
            throw new CheckpointCorruptionException(newest, index, $"checksum mismatch (stored {stored:x8}, computed {computed:x8}; written by checkpoint {writtenBy})");
        if (writtenBy == 0 || writtenBy > newest)
            throw new CheckpointCorruptionException(newest, index, $"written by checkpoint {writtenBy}, not one of 1..{newest}");
        return (writtenBy, record.AsMemory(HeaderBytes));
    }

    private static uint Checksum(ulong checkpoint, int index, ReadOnlySpan<byte> page)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)index);
        BinaryPrimitives.WriteUInt64BigEndian(header[4..], checkpoint);
        return Crc32C.Append(Crc32C.Compute(header), page);
    }
}
