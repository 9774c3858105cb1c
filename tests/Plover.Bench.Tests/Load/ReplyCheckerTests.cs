using System.Text;
using Plover.Bench.Load;

namespace Plover.Bench.Tests.Load;

public sealed class ReplyCheckerTests
{
    private const int ValueBytesMax = 1 << 16;
    private static readonly ReplyChecker Kv = new(WorkloadGuest.Kv, 5, ValueBytesMax);
    private static readonly ReplyChecker Nondet = new(WorkloadGuest.Nondet, 5, ValueBytesMax);

    public static TheoryData<string, RequestKind, string, ReplyVerdict> Replies => new()
    {
        { "kv", RequestKind.Set, "+OK\r\n", ReplyVerdict.Valid },
        { "kv", RequestKind.Set, "+QUEUED\r\n", ReplyVerdict.WrongReply },
        { "kv", RequestKind.Set, "$-1\r\n", ReplyVerdict.WrongReply },
        { "kv", RequestKind.Set, "-ERR unknown command 'SET'\r\n", ReplyVerdict.ServerError },
        { "kv", RequestKind.Get, "$-1\r\n", ReplyVerdict.Valid },
        { "kv", RequestKind.Get, "$5\r\nhello\r\n", ReplyVerdict.Valid },
        { "kv", RequestKind.Get, "$6\r\nhello!\r\n", ReplyVerdict.WrongReply },
        { "kv", RequestKind.Get, "$0\r\n\r\n", ReplyVerdict.WrongReply },
        { "kv", RequestKind.Get, "+OK\r\n", ReplyVerdict.WrongReply },
        { "kv", RequestKind.Get, ":5\r\n", ReplyVerdict.WrongReply },
        { "kv", RequestKind.Get, "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", ReplyVerdict.ServerError },
        { "kv", RequestKind.Get, "*2\r\n$5\r\nhello\r\n:1\r\n", ReplyVerdict.WrongReply },
        { "kv", RequestKind.Get, "*3\r\n$5\r\nhello\r\n:1\r\n$16\r\n0123456789abcdef\r\n", ReplyVerdict.WrongReply },
        { "nondet", RequestKind.Get, "*3\r\n$5\r\nhello\r\n:1731000000000000000\r\n$16\r\n0123456789abcdef\r\n", ReplyVerdict.Valid },
        { "nondet", RequestKind.Get, "$-1\r\n", ReplyVerdict.Valid },
        { "nondet", RequestKind.Get, "*-1\r\n", ReplyVerdict.Valid },
        { "nondet", RequestKind.Get, "$5\r\nhello\r\n", ReplyVerdict.WrongReply },
        { "nondet", RequestKind.Get, "*3\r\n$4\r\nhell\r\n:1\r\n$16\r\n0123456789abcdef\r\n", ReplyVerdict.WrongReply },
        { "nondet", RequestKind.Get, "*3\r\n$5\r\nhello\r\n$1\r\n1\r\n$16\r\n0123456789abcdef\r\n", ReplyVerdict.WrongReply },
        { "nondet", RequestKind.Get, "*2\r\n$5\r\nhello\r\n:1\r\n", ReplyVerdict.WrongReply },
        { "nondet", RequestKind.Get, "*4\r\n$5\r\nhello\r\n:1\r\n$16\r\n0123456789abcdef\r\n:0\r\n", ReplyVerdict.WrongReply },
        { "nondet", RequestKind.Set, "+OK\r\n", ReplyVerdict.Valid },
        { "kv", RequestKind.Get, ":-9223372036854775808\r\n", ReplyVerdict.WrongReply },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Each_reply_gets_its_verdict_and_is_consumed_whole(string guest, RequestKind kind, string reply, ReplyVerdict expected)
    {
        ReplyChecker checker = guest == "kv" ? Kv : Nondet;
        byte[] bytes = Encoding.ASCII.GetBytes(reply + "+OK\r\n"); // a following reply must not be touched
        Assert.Equal(expected, checker.Check(bytes, kind, out int consumed));
        Assert.Equal(reply.Length, consumed);
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void Every_proper_prefix_of_a_reply_is_incomplete(string guest, RequestKind kind, string reply, ReplyVerdict verdict)
    {
        Assert.NotEqual(ReplyVerdict.Incomplete, verdict);
        ReplyChecker checker = guest == "kv" ? Kv : Nondet;
        byte[] bytes = Encoding.ASCII.GetBytes(reply);
        for (int length = 0; length < bytes.Length; length++)
            Assert.Equal(ReplyVerdict.Incomplete, checker.Check(bytes.AsSpan(0, length), kind, out _));
    }

    [Theory]
    [InlineData("?what\r\n", "unknown type byte 0x3f")]
    [InlineData("$abc\r\n", "not an integer")]
    [InlineData("$-2\r\n", "is negative")]
    [InlineData("$5\r\nhelloXY", "not followed by CRLF")]
    [InlineData("+OK\n", "bare LF")]
    [InlineData("\r\n", "bare LF, or is empty")]
    [InlineData("$99999999\r\n", "exceeds 65536")]
    [InlineData("*99999999\r\n", "array length 99999999 exceeds")]
    [InlineData(":12345678901234567890\r\n", "at most 19 digits")]
    [InlineData(":9223372036854775808\r\n", "does not fit 64 bits")]
    [InlineData("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n", "nested deeper than 8")]
    public void Bytes_that_are_not_resp_are_a_protocol_error_naming_the_fault(string reply, string fault)
    {
        var e = Assert.Throws<RespProtocolException>(() => Kv.Check(Encoding.ASCII.GetBytes(reply), RequestKind.Get, out _));
        Assert.Contains(fault, e.Message);
    }

    [Fact]
    public void A_header_line_that_never_ends_is_a_protocol_error_once_longer_than_the_limit()
    {
        byte[] shortLine = Encoding.ASCII.GetBytes("+" + new string('x', 100));
        Assert.Equal(ReplyVerdict.Incomplete, Kv.Check(shortLine, RequestKind.Set, out _));
        byte[] endless = Encoding.ASCII.GetBytes("+" + new string('x', RespReader.LineBytesMax + 1));
        Assert.Throws<RespProtocolException>(() => Kv.Check(endless, RequestKind.Set, out _));
    }
}
