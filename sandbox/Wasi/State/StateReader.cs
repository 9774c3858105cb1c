using System.Buffers.Binary;

namespace Plover.Sandbox.Wasi.State;

/// <summary>
/// Reads the fields of a state blob; every read checks the remaining length, so a truncated or
/// corrupt blob is a <see cref="WasiStateFormatException"/> naming the offset, never a wild read.
/// </summary>
internal sealed class StateReader(byte[] blob)
{
    public int Offset { get; private set; }

    public bool AtEnd => Offset == blob.Length;

    public byte U8() => Take(1)[0];

    public bool Bool()
    {
        int at = Offset;
        byte value = U8();
        if (value > 1) throw Fail($"boolean field holds {value}", at);
        return value == 1;
    }

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>A u32 length (at most <paramref name="lengthMax"/>), then that many bytes.</summary>
    public byte[] Bytes(int lengthMax)
    {
        int at = Offset;
        uint length = U32();
        if (length > lengthMax) throw Fail($"byte string of {length} bytes exceeds its {lengthMax}-byte bound", at);
        return Take((int)length).ToArray();
    }

    /// <summary>A u32 count, checked against a bound before anything is allocated for it.</summary>
    public int Count(int countMax, string what)
    {
        int at = Offset;
        uint count = U32();
        if (count > countMax) throw Fail($"{count} {what} exceed the bound of {countMax}", at);
        return (int)count;
    }

    public WasiStateFormatException Fail(string message) => new(message, Offset);

    public WasiStateFormatException Fail(string message, int offset) => new(message, offset);

    private ReadOnlySpan<byte> Take(int length)
    {
        if (blob.Length - Offset < length)
            throw Fail($"truncated: {length} bytes needed, {blob.Length - Offset} left");
        var span = new ReadOnlySpan<byte>(blob, Offset, length);
        Offset += length;
        return span;
    }
}
