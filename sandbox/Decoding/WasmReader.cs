using System.Text;

namespace Plover.Sandbox.Decoding;

/// <summary>
/// Reads the primitive encodings of the binary format (bytes, LEB128 integers in minimal or padded
/// form, floats, names) from a window of the module bytes. Every failure is a malformed-module error
/// carrying the offset of the byte that could not be read.
/// </summary>
internal sealed class WasmReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] bytes;

    public WasmReader(byte[] bytes, int start, int end)
    {
        if (start < 0 || end > bytes.Length || start > end) throw new ArgumentOutOfRangeException(nameof(start), "reader window outside the module");
        this.bytes = bytes;
        Position = start;
        End = end;
    }

    public byte[] Bytes => bytes;
    public int Position { get; set; }

    /// <summary>One past the last byte this reader may read (end of the module, section or function).</summary>
    public int End { get; set; }

    public bool AtEnd => Position >= End;

    /// <summary>The message used when a read runs past <see cref="End"/>.</summary>
    public string EndMessage { get; set; } = "unexpected end";

    public byte ReadByte()
    {
        if (Position >= End) throw WasmModuleException.Malformed(Position, EndMessage);
        return bytes[Position++];
    }

    public byte PeekByte()
    {
        if (Position >= End) throw WasmModuleException.Malformed(Position, EndMessage);
        return bytes[Position];
    }

    public uint ReadU32()
    {
        uint result = 0;
        for (int shift = 0; ; shift += 7)
        {
            int at = Position;
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw WasmModuleException.Malformed(at, "integer representation too long");
                if ((b & 0x70) != 0) throw WasmModuleException.Malformed(at, "integer too large");
                return result | ((uint)b << 28);
            }
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    public int ReadS32()
    {
        int result = 0;
        for (int shift = 0; ; shift += 7)
        {
            int at = Position;
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw WasmModuleException.Malformed(at, "integer representation too long");
                // Bits 32..34 of the encoding must repeat the sign bit (bit 31, the byte's bit 3).
                int high = b & 0x78;
                if (high != 0 && high != 0x78) throw WasmModuleException.Malformed(at, "integer too large");
                return result | (b << 28);
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if ((b & 0x40) != 0) result |= -1 << (shift + 7);
                return result;
            }
        }
    }

    public long ReadS64()
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            int at = Position;
            byte b = ReadByte();
            if (shift == 63)
            {
                if ((b & 0x80) != 0) throw WasmModuleException.Malformed(at, "integer representation too long");
                // Only bit 63 is left: the byte must be all zeros or all ones (sign extension).
                if (b != 0 && b != 0x7F) throw WasmModuleException.Malformed(at, "integer too large");
                return result | ((long)b << 63);
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if ((b & 0x40) != 0 && shift + 7 < 64) result |= -1L << (shift + 7);
                return result;
            }
        }
    }

    /// <summary>A signed 33-bit integer (block types): at most 5 bytes, bits 33..34 repeating bit 32.</summary>
    public long ReadS33()
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            int at = Position;
            byte b = ReadByte();
            if (shift == 28)
            {
                if ((b & 0x80) != 0) throw WasmModuleException.Malformed(at, "integer representation too long");
                int high = b & 0x70;
                if (high != 0 && high != 0x70) throw WasmModuleException.Malformed(at, "integer too large");
                result |= (long)b << 28;
                if ((b & 0x10) != 0) result |= -1L << 33;
                return result;
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if ((b & 0x40) != 0) result |= -1L << (shift + 7);
                return result;
            }
        }
    }

    public uint ReadFixedU32()
    {
        if (End - Position < 4) throw WasmModuleException.Malformed(Position, EndMessage);
        uint value = BitConverter.ToUInt32(bytes, Position);
        Position += 4;
        return value;
    }

    public ulong ReadFixedU64()
    {
        if (End - Position < 8) throw WasmModuleException.Malformed(Position, EndMessage);
        ulong value = BitConverter.ToUInt64(bytes, Position);
        Position += 8;
        return value;
    }

    /// <summary>A length-prefixed byte string; returns where its bytes start.</summary>
    public int ReadByteVector(out int length)
    {
        uint size = ReadU32();
        if (size > End - Position) throw WasmModuleException.Malformed(Position, "length out of bounds");
        int start = Position;
        length = (int)size;
        Position += length;
        return start;
    }

    /// <summary>A name: a length-prefixed byte string that must be valid UTF-8.</summary>
    public string ReadName()
    {
        int start = ReadByteVector(out int length);
        try
        {
            return StrictUtf8.GetString(bytes, start, length);
        }
        catch (DecoderFallbackException)
        {
            throw WasmModuleException.Malformed(start, "malformed UTF-8 encoding");
        }
    }

    /// <summary>A vector length, checked against the bytes left (every element takes at least one byte).</summary>
    public int ReadCount()
    {
        int at = Position;
        uint count = ReadU32();
        if (count > End - Position) throw WasmModuleException.Malformed(at, "length out of bounds");
        return (int)count;
    }

    public ValueKind ReadValueType()
    {
        int at = Position;
        byte b = ReadByte();
        return b switch
        {
            0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F => (ValueKind)b,
            _ => throw WasmModuleException.Malformed(at, $"malformed value type 0x{b:X2}"),
        };
    }

    public ValueKind ReadReferenceType()
    {
        int at = Position;
        byte b = ReadByte();
        return b switch
        {
            0x70 or 0x6F => (ValueKind)b,
            _ => throw WasmModuleException.Malformed(at, "malformed reference type"),
        };
    }
}
