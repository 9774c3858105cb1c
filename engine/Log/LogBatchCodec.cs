using System.Buffers.Binary;

namespace Plover.Engine.Log;

/// <summary>
/// The stored and replicated form of a <see cref="LogBatch"/>:
/// <c>version u8 | timestamp i64 | seed u64 | count u32 | entries</c>, each entry
/// <c>kind u8 | id u64 [| length u32 | bytes]</c> (id is the connection, the epoch for
/// EpochEnd, the new primary's ballot for Takeover; only Data has bytes). Little-endian. Decoding checks every length against the
/// buffer and the limits, so a corrupt payload is an error, never a wild read.
/// </summary>
public static class LogBatchCodec
{
    public const byte FormatVersion = 1;
    public const int EntriesPerBatchMax = 1 << 16;
    public const int DataBytesMax = 16 << 20;
    private const int HeaderBytes = 1 + 8 + 8 + 4;

    public static byte[] Encode(LogBatch batch)
    {
        if (batch.Entries.Count > EntriesPerBatchMax)
            throw new ArgumentException($"a batch holds at most {EntriesPerBatchMax} entries, got {batch.Entries.Count}");
        var buffer = new byte[EncodedLength(batch)];
        Span<byte> span = buffer;
        span[0] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], batch.LeaderTimestampNs);
        BinaryPrimitives.WriteUInt64LittleEndian(span[9..], batch.RandomSeed);
        BinaryPrimitives.WriteUInt32LittleEndian(span[17..], (uint)batch.Entries.Count);
        int offset = HeaderBytes;
        foreach (LogEntry entry in batch.Entries) offset += EncodeEntry(entry, span[offset..]);
        return buffer;
    }

    public static int EncodedLength(LogBatch batch)
    {
        int length = HeaderBytes;
        foreach (LogEntry entry in batch.Entries)
        {
            length += 1 + 8;
            if (entry is DataEntry data)
            {
                if (data.Bytes.Length > DataBytesMax)
                    throw new ArgumentException($"a data entry holds at most {DataBytesMax} bytes, got {data.Bytes.Length}");
                length += 4 + data.Bytes.Length;
            }
        }
        return length;
    }

    private static int EncodeEntry(LogEntry entry, Span<byte> span)
    {
        span[0] = (byte)entry.Kind;
        switch (entry)
        {
            case ConnectEntry c: BinaryPrimitives.WriteUInt64LittleEndian(span[1..], c.Connection); return 9;
            case CloseEntry c: BinaryPrimitives.WriteUInt64LittleEndian(span[1..], c.Connection); return 9;
            case EpochEndEntry e: BinaryPrimitives.WriteUInt64LittleEndian(span[1..], e.Epoch); return 9;
            case TakeoverEntry t: BinaryPrimitives.WriteUInt64LittleEndian(span[1..], t.Ballot); return 9;
            case DataEntry d:
                BinaryPrimitives.WriteUInt64LittleEndian(span[1..], d.Connection);
                BinaryPrimitives.WriteUInt32LittleEndian(span[9..], (uint)d.Bytes.Length);
                d.Bytes.Span.CopyTo(span[13..]);
                return 13 + d.Bytes.Length;
            default: throw new ArgumentException($"unknown log entry type {entry.GetType().Name}");
        }
    }

    /// <summary>Decodes a batch; data entries copy their bytes out of <paramref name="payload"/>.</summary>
    public static LogBatch Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < HeaderBytes) throw new LogFormatException($"{payload.Length} bytes is shorter than the {HeaderBytes}-byte header", 0);
        if (payload[0] != FormatVersion) throw new LogFormatException($"format version {payload[0]} is not {FormatVersion}", 0);
        long timestamp = BinaryPrimitives.ReadInt64LittleEndian(payload[1..]);
        ulong seed = BinaryPrimitives.ReadUInt64LittleEndian(payload[9..]);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(payload[17..]);
        if (count > EntriesPerBatchMax) throw new LogFormatException($"entry count {count} exceeds {EntriesPerBatchMax}", 17);

        var entries = new List<LogEntry>((int)count);
        int offset = HeaderBytes;
        for (uint i = 0; i < count; i++) entries.Add(DecodeEntry(payload, ref offset));
        if (offset != payload.Length) throw new LogFormatException($"{payload.Length - offset} trailing bytes after {count} entries", offset);
        return new LogBatch(timestamp, seed, entries);
    }

    private static LogEntry DecodeEntry(ReadOnlySpan<byte> payload, ref int offset)
    {
        int start = offset;
        if (payload.Length - offset < 9) throw new LogFormatException("entry header truncated", start);
        var kind = (LogEntryKind)payload[offset];
        ulong id = BinaryPrimitives.ReadUInt64LittleEndian(payload[(offset + 1)..]);
        offset += 9;
        switch (kind)
        {
            case LogEntryKind.Connect: return new ConnectEntry(id);
            case LogEntryKind.Close: return new CloseEntry(id);
            case LogEntryKind.EpochEnd: return new EpochEndEntry(id);
            case LogEntryKind.Takeover: return new TakeoverEntry(id);
            case LogEntryKind.Data:
                if (payload.Length - offset < 4) throw new LogFormatException("data length truncated", offset);
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(payload[offset..]);
                offset += 4;
                if (length > DataBytesMax) throw new LogFormatException($"data length {length} exceeds {DataBytesMax}", offset - 4);
                if (payload.Length - offset < length) throw new LogFormatException($"data of {length} bytes truncated to {payload.Length - offset}", offset);
                byte[] bytes = payload.Slice(offset, (int)length).ToArray();
                offset += (int)length;
                return new DataEntry(id, bytes);
            default:
                throw new LogFormatException($"unknown entry kind {(byte)kind}", start);
        }
    }
}
