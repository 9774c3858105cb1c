using System.Buffers.Binary;

namespace Plover.Consensus.Messages;

/// <summary>
/// Reads the wire primitives with strict bounds: every read names its field, and running out of
/// input, an overlong varint or a length above its limit is a <see cref="MessageFormatException"/>,
/// never an index error.
/// </summary>
public ref struct WireReader
{
    private const int VarIntBytesMax = 10;

    private readonly ReadOnlySpan<byte> _input;
    private int _offset;

    public WireReader(ReadOnlySpan<byte> input)
    {
        _input = input;
        _offset = 0;
    }

    public readonly int Offset => _offset;

    public readonly int Remaining => _input.Length - _offset;

    public byte ReadByte(string field)
    {
        Require(1, field);
        return _input[_offset++];
    }

    public ulong ReadVarUInt64(string field)
    {
        int start = _offset;
        ulong result = 0;
        for (int i = 0; i < VarIntBytesMax; i++)
        {
            if (_offset >= _input.Length) throw new MessageFormatException(field, start, "truncated varint");
            byte b = _input[_offset++];
            if (i == VarIntBytesMax - 1 && b > 1) throw new MessageFormatException(field, start, "varint overflows 64 bits");
            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return result;
        }
        throw new MessageFormatException(field, start, "varint longer than 10 bytes");
    }

    /// <summary>A varint that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public ulong ReadVarUInt64(string field, ulong min, ulong max)
    {
        int start = _offset;
        ulong value = ReadVarUInt64(field);
        if (value < min || value > max) throw new MessageFormatException(field, start, $"{value} is outside {min}..{max}");
        return value;
    }

    public uint ReadUInt32BigEndian(string field)
    {
        Require(4, field);
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_input.Slice(_offset));
        _offset += 4;
        return value;
    }

    public ulong ReadUInt64BigEndian(string field)
    {
        Require(8, field);
        ulong value = BinaryPrimitives.ReadUInt64BigEndian(_input.Slice(_offset));
        _offset += 8;
        return value;
    }

    /// <summary>A varint length (at most <paramref name="lengthMax"/>) followed by that many bytes, copied.</summary>
    public byte[] ReadBlob(string field, int lengthMax)
    {
        int start = _offset;
        ulong length = ReadVarUInt64(field + ".length");
        if (length > (ulong)lengthMax) throw new MessageFormatException(field, start, $"length {length} exceeds the limit of {lengthMax} bytes");
        Require((int)length, field);
        byte[] bytes = _input.Slice(_offset, (int)length).ToArray();
        _offset += (int)length;
        return bytes;
    }

    /// <summary>The unread rest of the input.</summary>
    public ReadOnlySpan<byte> ReadRest()
    {
        ReadOnlySpan<byte> rest = _input.Slice(_offset);
        _offset = _input.Length;
        return rest;
    }

    public readonly void RequireEnd(string what)
    {
        if (_offset != _input.Length)
            throw new MessageFormatException(what, _offset, $"{_input.Length - _offset} unexpected trailing bytes");
    }

    private readonly void Require(int count, string field)
    {
        if (count < 0 || _input.Length - _offset < count)
            throw new MessageFormatException(field, _offset, $"truncated: needs {count} bytes, {_input.Length - _offset} left");
    }
}
