using System.Buffers.Binary;

namespace Plover.Consensus.Messages;

/// <summary>Appends the wire primitives (bytes, LEB128 varints, length-prefixed blobs) to a growing buffer.</summary>
public sealed class WireWriter
{
    private byte[] _buffer;
    private int _length;

    public WireWriter(int capacity = 64) => _buffer = new byte[Math.Max(capacity, 1)];

    public int Length => _length;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteVarUInt64(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }

    public void WriteUInt32BigEndian(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteUInt64BigEndian(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>A varint length followed by the bytes.</summary>
    public void WriteBlob(ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt64((ulong)bytes.Length);
        WriteRaw(bytes);
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>
    /// The written bytes, handing over the buffer itself when it is exactly full (the writer was
    /// sized exactly) and copying otherwise. The writer must not be used afterwards.
    /// </summary>
    public byte[] Detach()
    {
        byte[] result = _length == _buffer.Length ? _buffer : ToArray();
        _buffer = [];
        _length = 0;
        return result;
    }

    public static int VarUInt64Length(ulong value)
    {
        int length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        long wanted = Math.Max((long)_buffer.Length * 2, (long)_length + extra);
        if (wanted > Array.MaxLength) throw new InvalidOperationException($"encoded message would exceed {Array.MaxLength} bytes");
        Array.Resize(ref _buffer, (int)wanted);
    }
}
