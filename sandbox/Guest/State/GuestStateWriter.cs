using System.Buffers;
using System.Buffers.Binary;

namespace Plover.Sandbox.Guest.State;

/// <summary>Appends the little-endian fields of a serialized guest state.</summary>
internal sealed class GuestStateWriter(int initialCapacity)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(Math.Max(initialCapacity, 256));

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void U8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void U64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Raw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
