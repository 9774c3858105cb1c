using System.Text;

namespace Plover.Bench.Load;

/// <summary>
/// Walks RESP2 values in a buffer that may end mid-value. Every Try method returns false when the
/// buffer ends too early (read more, then start again from the same reply) and throws
/// <see cref="RespProtocolException"/> when the bytes cannot be RESP.
/// </summary>
internal ref struct RespReader
{
    /// <summary>A header line (type byte, text, CRLF) longer than this is not RESP that any server sends.</summary>
    public const int LineBytesMax = 4096;

    /// <summary>Arrays nested deeper than this are rejected: no reply to SET or GET nests at all.</summary>
    public const int NestingMax = 8;

    private readonly ReadOnlySpan<byte> buffer;
    private readonly int valueBytesMax;

    /// <param name="valueBytesMax">the largest bulk string that can fit the caller's receive buffer</param>
    public RespReader(ReadOnlySpan<byte> buffer, int valueBytesMax)
    {
        this.buffer = buffer;
        this.valueBytesMax = valueBytesMax;
    }

    public int Position { get; private set; }

    /// <summary>Reads a type byte and the rest of its line (without the CRLF).</summary>
    public bool TryReadHeader(out byte type, out ReadOnlySpan<byte> line)
    {
        type = 0;
        line = default;
        ReadOnlySpan<byte> rest = buffer[Position..];
        int lf = rest.IndexOf((byte)'\n');
        if (lf < 0)
        {
            if (rest.Length > LineBytesMax) throw Malformed($"no line end within {LineBytesMax} bytes");
            return false;
        }
        if (lf < 2 || rest[lf - 1] != '\r') throw Malformed("a line ends in a bare LF, or is empty");
        type = rest[0];
        line = rest[1..(lf - 1)];
        Position += lf + 1;
        return true;
    }

    /// <summary>Reads the rest of a value whose header has been read: a bulk payload, or array elements.</summary>
    public bool TrySkipBody(byte type, ReadOnlySpan<byte> line, int depth)
    {
        switch (type)
        {
            case (byte)'+':
            case (byte)'-':
                return true;
            case (byte)':':
                ParseInteger(line);
                return true;
            case (byte)'$':
                return TrySkipBulk(ParseLength(line, "bulk length", valueBytesMax));
            case (byte)'*':
                long count = ParseLength(line, "array length", valueBytesMax / 3);
                for (long i = 0; i < count; i++)
                    if (!TrySkipValue(depth + 1)) return false;
                return true;
            default:
                throw Malformed($"unknown type byte 0x{type:x2}");
        }
    }

    public bool TrySkipValue(int depth)
    {
        if (depth > NestingMax) throw Malformed($"arrays nested deeper than {NestingMax}");
        return TryReadHeader(out byte type, out ReadOnlySpan<byte> line) && TrySkipBody(type, line, depth);
    }

    /// <summary>Skips a bulk payload and its CRLF; a length of -1 (nil) has none.</summary>
    public bool TrySkipBulk(long length)
    {
        if (length < 0) return true;
        if (buffer.Length - Position < length + 2) return false;
        int end = Position + (int)length;
        if (buffer[end] != '\r' || buffer[end + 1] != '\n') throw Malformed($"a {length}-byte bulk string is not followed by CRLF");
        Position = end + 2;
        return true;
    }

    /// <summary>A length field: -1 (nil) or 0..<paramref name="max"/>.</summary>
    public static long ParseLength(ReadOnlySpan<byte> line, string what, long max)
    {
        long value = ParseInteger(line);
        if (value < -1) throw Malformed($"{what} {value} is negative");
        if (value > max) throw Malformed($"{what} {value} exceeds {max}, the most the receive buffer can hold");
        return value;
    }

    /// <summary>A RESP integer: an optional minus and up to 19 digits that fit a signed 64-bit value.</summary>
    public static long ParseInteger(ReadOnlySpan<byte> line)
    {
        bool negative = line.Length > 0 && line[0] == '-';
        ReadOnlySpan<byte> digits = negative ? line[1..] : line;
        if (digits.Length is 0 or > 19) throw Malformed($"'{Show(line)}' is not an integer of at most 19 digits");
        ulong value = 0;
        foreach (byte d in digits)
        {
            if (d < '0' || d > '9') throw Malformed($"'{Show(line)}' is not an integer");
            value = value * 10 + (ulong)(d - '0'); // 19 digits cannot overflow 64 unsigned bits
        }
        if (value > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue)) throw Malformed($"'{Show(line)}' does not fit 64 bits");
        return negative ? (long)(0 - value) : (long)value;
    }

    /// <summary>Printable text of some reply bytes for an error message: control bytes escaped, long input cut.</summary>
    public static string Show(ReadOnlySpan<byte> bytes, int charsMax = 80)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes)
        {
            if (text.Length >= charsMax) return text.Append("...").ToString();
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        return text.ToString();
    }

    private static RespProtocolException Malformed(string what) => new($"malformed RESP reply: {what}");
}
