using System.Buffers.Binary;

namespace Plover.Sandbox.Guest.State;

/// <summary>
/// Reads the fields of a serialized guest state up to a limit (the checksum's offset); every read
/// checks what is left, so a truncated or corrupt state fails with its offset, never a wild read.
/// </summary>
internal sealed class GuestStateReader(byte[] bytes, int limit)
{
    public int Offset { get; private set; }

    public int Remaining => limit - Offset;

    public bool AtEnd => Offset == limit;

    public byte U8() => Take(1)[0];

    public bool Bool()
    {
        int at = Offset;
        byte value = U8();
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw Fail($"boolean field holds {value}", at),
        };
    }

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>
    /// A u32 count of records of at least <paramref name="recordBytes"/> bytes each, checked against
    /// <paramref name="countMax"/> and against what is left before anything is allocated for it.
    /// </summary>
    public int Count(int countMax, int recordBytes, string what)
    {
        int at = Offset;
        uint count = U32();
        if (count > countMax) throw Fail($"{count} {what} exceed the bound of {countMax}", at);
        if ((ulong)count * (ulong)recordBytes > (ulong)Remaining)
            throw Fail($"{count} {what} need at least {(ulong)count * (ulong)recordBytes} bytes but {Remaining} are left", at);
        return (int)count;
    }

    public ReadOnlySpan<byte> Take(int length)
    {
        if (Remaining < length) throw Fail($"truncated: {length} bytes needed, {Remaining} left");
        var span = new ReadOnlySpan<byte>(bytes, Offset, length);
        Offset += length;
        return span;
    }

    public GuestStateFormatException Fail(string message) => new(message, Offset);

    public GuestStateFormatException Fail(string message, int offset) => new(message, offset);
}
