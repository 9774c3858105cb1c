using System.Buffers.Binary;
using Plover.Sandbox;
using Plover.Sandbox.Guest.State;

namespace Plover.Engine.Guest;

/// <summary>
/// The canonical bytes of a guest's globals and tables as the epoch sync hashes and sends them:
/// equal values give equal bytes. Globals: count (u32 LE), then per global its kind (u8), whether
/// it is mutable (u8) and its raw bits (u64 LE). Tables: count (u32 LE), then per table its element
/// kind (u8), its size (u32 LE) and each element's function index (i32 LE, -1 for null).
/// </summary>
public static class GuestPartsCodec
{
    private const int GlobalRecordBytes = 10;
    private const int CountBytes = 4;

    public static byte[] EncodeGlobals(IReadOnlyList<GuestGlobal> globals)
    {
        var bytes = new byte[CountBytes + globals.Count * GlobalRecordBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)globals.Count);
        int at = CountBytes;
        foreach (GuestGlobal global in globals)
        {
            bytes[at] = (byte)global.Kind;
            bytes[at + 1] = global.Mutable ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at + 2), global.Bits);
            at += GlobalRecordBytes;
        }
        return bytes;
    }

    public static IReadOnlyList<GuestGlobal> DecodeGlobals(ReadOnlySpan<byte> bytes)
    {
        uint count = ReadCount(bytes, "globals");
        if ((ulong)bytes.Length != CountBytes + count * (ulong)GlobalRecordBytes)
            throw new GuestPartsFormatException("globals", 0, $"{count} globals need {CountBytes + count * (ulong)GlobalRecordBytes} bytes, got {bytes.Length}");
        var globals = new GuestGlobal[count];
        int at = CountBytes;
        for (int i = 0; i < globals.Length; i++)
        {
            ValueKind kind = ReadKind(bytes[at], "globals", at);
            byte mutable = bytes[at + 1];
            if (mutable > 1) throw new GuestPartsFormatException("globals", at + 1, $"global {i}'s mutability flag is {mutable}, not 0 or 1");
            globals[i] = new GuestGlobal(kind, mutable == 1, BinaryPrimitives.ReadUInt64LittleEndian(bytes[(at + 2)..]));
            at += GlobalRecordBytes;
        }
        return globals;
    }

    public static byte[] EncodeTables(IReadOnlyList<GuestTable> tables)
    {
        long length = CountBytes + tables.Sum(t => 1L + CountBytes + 4L * t.Elements.Length);
        var bytes = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)tables.Count);
        int at = CountBytes;
        foreach (GuestTable table in tables)
        {
            bytes[at] = (byte)table.ElementType;
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 1), (uint)table.Elements.Length);
            at += 1 + CountBytes;
            foreach (int element in table.Elements)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), element);
                at += 4;
            }
        }
        return bytes;
    }

    public static IReadOnlyList<GuestTable> DecodeTables(ReadOnlySpan<byte> bytes)
    {
        uint count = ReadCount(bytes, "tables");
        var tables = new List<GuestTable>();
        int at = CountBytes;
        for (uint t = 0; t < count; t++)
        {
            if (bytes.Length - at < 1 + CountBytes) throw new GuestPartsFormatException("tables", at, $"table {t}'s header is cut short");
            ValueKind kind = ReadKind(bytes[at], "tables", at);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 1)..]);
            at += 1 + CountBytes;
            if ((ulong)(bytes.Length - at) < size * 4UL) throw new GuestPartsFormatException("tables", at, $"table {t} has {size} elements but only {bytes.Length - at} bytes follow");
            var elements = new int[size];
            for (int e = 0; e < elements.Length; e++, at += 4)
            {
                elements[e] = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
                if (elements[e] < GuestTable.NullElement) throw new GuestPartsFormatException("tables", at, $"table {t} element {e} names function {elements[e]}");
            }
            tables.Add(new GuestTable(kind, elements));
        }
        if (at != bytes.Length) throw new GuestPartsFormatException("tables", at, $"{bytes.Length - at} bytes follow the last table");
        return tables;
    }

    private static uint ReadCount(ReadOnlySpan<byte> bytes, string part)
    {
        if (bytes.Length < CountBytes) throw new GuestPartsFormatException(part, 0, $"{bytes.Length} bytes cannot hold the count");
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    private static ValueKind ReadKind(byte value, string part, int offset) =>
        Enum.IsDefined((ValueKind)value) ? (ValueKind)value : throw new GuestPartsFormatException(part, offset, $"{value} is no value kind");
}

/// <summary>Encoded globals or tables (from a peer's patch) that do not parse: which part, where, and why.</summary>
public sealed class GuestPartsFormatException(string part, int offset, string reason)
    : Exception($"malformed guest {part} at byte {offset}: {reason}")
{
    public string Part { get; } = part;

    public int Offset { get; } = offset;
}
