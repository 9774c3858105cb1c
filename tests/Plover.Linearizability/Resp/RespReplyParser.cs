using System.Buffers.Text;
using System.Text;

namespace Plover.Linearizability.Resp;

/// <summary>Parses one RESP2 reply from the front of a byte span, or reports that more bytes are needed.</summary>
public static class RespReplyParser
{
    private const int NestingMax = 32;
    private const long BulkBytesMax = 512L * 1024 * 1024;

    /// <summary>True with the reply and its length if <paramref name="data"/> starts with a whole reply; false if it is incomplete.</summary>
    /// <exception cref="RespProtocolException">the bytes are not RESP2.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out RespReply? reply, out int consumed)
    {
        consumed = 0;
        return TryParseAt(data, ref consumed, 0, out reply);
    }

    private static bool TryParseAt(ReadOnlySpan<byte> data, ref int at, int depth, out RespReply? reply)
    {
        reply = null;
        if (!TryReadLine(data, at, out ReadOnlySpan<byte> line, out int next)) return false;
        if (line.IsEmpty) throw new RespProtocolException($"empty reply line at offset {at}");
        byte kind = line[0];
        ReadOnlySpan<byte> body = line[1..];
        switch (kind)
        {
            case (byte)'+': reply = new RespReply.Status(Encoding.Latin1.GetString(body)); break;
            case (byte)'-': reply = new RespReply.Error(Encoding.Latin1.GetString(body)); break;
            case (byte)':': reply = new RespReply.Integer(ParseNumber(body, at)); break;
            case (byte)'$': return TryParseBulk(data, ref at, next, ParseNumber(body, at), out reply);
            case (byte)'*': return TryParseArray(data, ref at, next, ParseNumber(body, at), depth, out reply);
            default: throw new RespProtocolException($"unknown reply type '{(char)kind}' at offset {at}");
        }
        at = next;
        return true;
    }

    private static bool TryParseBulk(ReadOnlySpan<byte> data, ref int at, int next, long length, out RespReply? reply)
    {
        reply = null;
        if (length == -1)
        {
            reply = new RespReply.Bulk(null);
            at = next;
            return true;
        }
        if (length < 0 || length > BulkBytesMax) throw new RespProtocolException($"bulk length {length} at offset {at}");
        if (data.Length - next < length + 2) return false;
        if (data[next + (int)length] != '\r' || data[next + (int)length + 1] != '\n')
            throw new RespProtocolException($"bulk string at offset {at} is not followed by CRLF");
        reply = new RespReply.Bulk(Encoding.Latin1.GetString(data.Slice(next, (int)length)));
        at = next + (int)length + 2;
        return true;
    }

    private static bool TryParseArray(ReadOnlySpan<byte> data, ref int at, int next, long count, int depth, out RespReply? reply)
    {
        reply = null;
        if (count == -1)
        {
            reply = new RespReply.Array(null);
            at = next;
            return true;
        }
        if (count < 0 || count > int.MaxValue) throw new RespProtocolException($"array length {count} at offset {at}");
        if (depth >= NestingMax) throw new RespProtocolException($"arrays nested deeper than {NestingMax} at offset {at}");
        var items = new List<RespReply>((int)Math.Min(count, 1024));
        int cursor = next;
        for (long i = 0; i < count; i++)
        {
            if (!TryParseAt(data, ref cursor, depth + 1, out RespReply? item)) return false;
            items.Add(item!);
        }
        reply = new RespReply.Array(items);
        at = cursor;
        return true;
    }

    private static bool TryReadLine(ReadOnlySpan<byte> data, int at, out ReadOnlySpan<byte> line, out int next)
    {
        int cr = data[at..].IndexOf("\r\n"u8);
        line = cr < 0 ? default : data.Slice(at, cr);
        next = cr < 0 ? 0 : at + cr + 2;
        return cr >= 0;
    }

    private static long ParseNumber(ReadOnlySpan<byte> text, int at)
    {
        if (!Utf8Parser.TryParse(text, out long value, out int used) || used != text.Length)
            throw new RespProtocolException($"'{Encoding.Latin1.GetString(text)}' at offset {at} is not a number");
        return value;
    }
}
