using System.Text;
using Plover.Linearizability.Resp;

namespace Plover.Linearizability.Tests;

public class RespReplyParserTests
{
    private static RespReply Parse(string text, out int consumed)
    {
        Assert.True(RespReplyParser.TryParse(Encoding.Latin1.GetBytes(text), out RespReply? reply, out consumed));
        return reply!;
    }

    [Fact]
    public void Parses_every_reply_type()
    {
        Assert.Equal(new RespReply.Status("OK"), Parse("+OK\r\n", out _));
        Assert.Equal(new RespReply.Error("ERR bad"), Parse("-ERR bad\r\n", out _));
        Assert.Equal(new RespReply.Integer(-42), Parse(":-42\r\n", out _));
        Assert.Equal(new RespReply.Bulk("a\r\nb"), Parse("$4\r\na\r\nb\r\n", out _));
        Assert.Equal(new RespReply.Bulk(null), Parse("$-1\r\n", out _));
        Assert.Equal(new RespReply.Array(null), Parse("*-1\r\n", out _));
        var array = (RespReply.Array)Parse("*3\r\n$1\r\nx\r\n$-1\r\n:7\r\n+tail", out int consumed);
        Assert.Equal([new RespReply.Bulk("x"), new RespReply.Bulk(null), new RespReply.Integer(7)], array.Items!);
        Assert.Equal("*3\r\n$1\r\nx\r\n$-1\r\n:7\r\n".Length, consumed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+OK")]
    [InlineData("$5\r\nabc")]
    [InlineData("*2\r\n$1\r\nx\r\n")]
    public void Incomplete_replies_ask_for_more(string text) =>
        Assert.False(RespReplyParser.TryParse(Encoding.Latin1.GetBytes(text), out _, out _));

    [Theory]
    [InlineData("?x\r\n", "unknown reply type")]
    [InlineData(":12a\r\n", "not a number")]
    [InlineData("$3\r\nabcd\r\n", "not followed by CRLF")]
    [InlineData("$-2\r\n", "bulk length")]
    public void Malformed_replies_are_protocol_errors(string text, string message) =>
        Assert.Contains(message, Assert.Throws<RespProtocolException>(() => RespReplyParser.TryParse(Encoding.Latin1.GetBytes(text), out _, out _)).Message);

    [Fact]
    public void Encodes_commands_as_arrays_of_bulk_strings() =>
        Assert.Equal("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\u00e9\u0000\r\n", Encoding.Latin1.GetString(RespConnection.Encode(["SET", "k", "\u00e9\u0000"])));
}
