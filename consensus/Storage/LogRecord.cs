using System.Buffers.Binary;
using Plover.Consensus.Messages;

namespace Plover.Consensus.Storage;

/// <summary>
/// The on-disk form of one log entry (FACTS.md): key 'L' | u64 big-endian slot (so byte order is
/// slot order); value ballot u64 BE | crc32c u32 BE | encoded slot value. The CRC covers the slot,
/// the ballot and the value, so a record moved to another key or given another ballot fails too.
/// </summary>
public static class LogRecord
{
    public const byte KeyPrefix = (byte)'L';
    public const int KeyBytes = 9;
    public const int HeaderBytes = 12;

    public static byte[] Key(ulong slot)
    {
        var key = new byte[KeyBytes];
        key[0] = KeyPrefix;
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), slot);
        return key;
    }

    /// <summary>The slot a key names; anything but 'L' plus 8 bytes is corruption.</summary>
    public static ulong SlotOf(ReadOnlySpan<byte> key, string store)
    {
        if (key.Length != KeyBytes || key[0] != KeyPrefix)
            throw new LogCorruptionException(store, null, $"log key {Convert.ToHexString(key)} is not 'L' followed by an 8-byte slot");
        return BinaryPrimitives.ReadUInt64BigEndian(key[1..]);
    }

    public static byte[] Encode(LogEntry entry)
    {
        int valueLength = SlotValueCodec.EncodedLength(entry.Value);
        var writer = new WireWriter(HeaderBytes + valueLength);
        writer.WriteUInt64BigEndian(entry.Ballot.ToUInt64());
        writer.WriteUInt32BigEndian(0);
        SlotValueCodec.Write(writer, entry.Value);
        byte[] record = writer.Detach();
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(8), Checksum(entry.Slot, record));
        return record;
    }

    /// <summary>Checks and decodes the record of <paramref name="slot"/>; any defect names the slot.</summary>
    public static LogEntry Decode(ulong slot, ReadOnlySpan<byte> record, string store)
    {
        if (record.Length < HeaderBytes + 1)
            throw new LogCorruptionException(store, slot, $"record of {record.Length} bytes is shorter than its {HeaderBytes}-byte header and a value");
        uint stored = BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
        uint actual = Checksum(slot, record);
        if (stored != actual) throw new LogCorruptionException(store, slot, $"CRC mismatch (stored {stored:X8}, computed {actual:X8})");
        Ballot ballot = Ballot.FromUInt64(BinaryPrimitives.ReadUInt64BigEndian(record));
        try
        {
            return new LogEntry(slot, ballot, SlotValueCodec.Decode(record[HeaderBytes..]));
        }
        catch (MessageFormatException e)
        {
            throw new LogCorruptionException(store, slot, $"value does not decode: {e.Message}");
        }
    }

    private static uint Checksum(ulong slot, ReadOnlySpan<byte> record)
    {
        Span<byte> slotBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(slotBytes, slot);
        uint crc = Crc32C.Compute(slotBytes);
        crc = Crc32C.Append(crc, record[..8]);
        return Crc32C.Append(crc, record[HeaderBytes..]);
    }
}
