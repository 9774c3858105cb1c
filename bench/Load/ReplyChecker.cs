namespace Plover.Bench.Load;

/// <summary>
/// Checks each reply against the request it answers: SET must get +OK; GET must get nil or the
/// workload's value size (for the nondet guest: nil or [value, integer stamp, 16-byte token]).
/// </summary>
public sealed class ReplyChecker
{
    private const int NondetTokenBytes = 16;
    private readonly WorkloadGuest guest;
    private readonly int valueBytes;
    private readonly int valueBytesMax;

    /// <param name="valueBytesMax">the largest bulk string the receive buffer can hold</param>
    public ReplyChecker(WorkloadGuest guest, int valueBytes, int valueBytesMax)
    {
        Invariant.Check(valueBytes <= valueBytesMax, "the receive buffer holds a value of the workload's size");
        this.guest = guest;
        this.valueBytes = valueBytes;
        this.valueBytesMax = valueBytesMax;
    }

    /// <summary>
    /// Parses the reply at the start of <paramref name="buffer"/>; <paramref name="consumed"/> is its
    /// length unless the verdict is <see cref="ReplyVerdict.Incomplete"/>.
    /// </summary>
    /// <exception cref="RespProtocolException">the bytes are not RESP</exception>
    public ReplyVerdict Check(ReadOnlySpan<byte> buffer, RequestKind kind, out int consumed)
    {
        consumed = 0;
        var reader = new RespReader(buffer, valueBytesMax);
        if (!reader.TryReadHeader(out byte type, out ReadOnlySpan<byte> line)) return ReplyVerdict.Incomplete;
        ReplyVerdict verdict;
        switch (type)
        {
            case (byte)'+':
                verdict = kind == RequestKind.Set && line.SequenceEqual("OK"u8) ? ReplyVerdict.Valid : ReplyVerdict.WrongReply;
                break;
            case (byte)'-':
                verdict = ReplyVerdict.ServerError;
                break;
            case (byte)'$':
                long length = RespReader.ParseLength(line, "bulk length", valueBytesMax);
                if (!reader.TrySkipBulk(length)) return ReplyVerdict.Incomplete;
                verdict = IsValidBulkGet(kind, length) ? ReplyVerdict.Valid : ReplyVerdict.WrongReply;
                break;
            case (byte)'*':
                if (!TryCheckArray(ref reader, kind, line, out verdict)) return ReplyVerdict.Incomplete;
                break;
            default:
                if (!reader.TrySkipBody(type, line, depth: 0)) return ReplyVerdict.Incomplete;
                verdict = ReplyVerdict.WrongReply;
                break;
        }
        consumed = reader.Position;
        return verdict;
    }

    private bool IsValidBulkGet(RequestKind kind, long length) =>
        kind == RequestKind.Get && (length == -1 || (guest == WorkloadGuest.Kv && length == valueBytes));

    private bool TryCheckArray(ref RespReader reader, RequestKind kind, ReadOnlySpan<byte> line, out ReplyVerdict verdict)
    {
        verdict = ReplyVerdict.WrongReply;
        long count = RespReader.ParseLength(line, "array length", valueBytesMax / 3);
        bool shaped = kind == RequestKind.Get && guest == WorkloadGuest.Nondet && (count is -1 or 3);
        for (long i = 0; i < count; i++)
        {
            if (!reader.TryReadHeader(out byte type, out ReadOnlySpan<byte> element)) return false;
            shaped &= i switch
            {
                0 => type == '$' && RespReader.ParseLength(element, "bulk length", valueBytesMax) == valueBytes,
                1 => type == ':',
                _ => type == '$' && RespReader.ParseLength(element, "bulk length", valueBytesMax) == NondetTokenBytes,
            };
            if (!reader.TrySkipBody(type, element, depth: 1)) return false;
        }
        if (shaped) verdict = ReplyVerdict.Valid;
        return true;
    }
}
