using System.Text;
using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Kv;

/// <summary>How kv-native reads requests and writes replies: pipelining, partial reads, inline commands, errors, closing.</summary>
public class KvProtocolTests : KvServerTest
{
    private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

    [Fact]
    public async Task Pipelined_commands_in_one_write_are_answered_in_order()
    {
        await using RespConnection c = await Server.ConnectAsync();
        const int Count = 5000;
        var commands = new List<IReadOnlyList<string>>();
        for (int i = 0; i < Count; i++) commands.Add(i % 2 == 0 ? ["SET", $"k{i % 100}", $"v{i}"] : ["INCR", "n"]);
        await c.SendAsync([.. commands]);
        for (int i = 0; i < Count; i++)
            Expect(i % 2 == 0 ? Ok : Int(i / 2 + 1), await c.ReadReplyAsync());
    }

    [Fact]
    public async Task A_command_arriving_one_byte_at_a_time_is_assembled()
    {
        await using RespConnection c = await Server.ConnectAsync();
        byte[] bytes = RespConnection.Encode(["SET", "split", "across many reads"]);
        foreach (byte b in bytes)
        {
            await c.SendRawAsync(new[] { b });
            await Task.Delay(2); // let each byte be read on its own
        }
        Expect(Ok, await c.ReadReplyAsync());
        await c.ExpectAsync(Bulk("across many reads"), "GET", "split");
    }

    [Fact]
    public async Task A_large_value_arriving_in_many_reads_round_trips()
    {
        await using RespConnection c = await Server.ConnectAsync();
        var value = new StringBuilder();
        for (int i = 0; value.Length < 8 * 1024 * 1024; i++) value.Append(i).Append(',');
        await c.ExpectAsync(Ok, "SET", "big", value.ToString());
        await c.ExpectAsync(Bulk(value.ToString()), "GET", "big");
        await c.ExpectAsync(Int(value.Length), "STRLEN", "big");
    }

    [Fact]
    public async Task Inline_commands_are_split_on_spaces_and_honour_quotes()
    {
        await using RespConnection c = await Server.ConnectAsync();
        await c.SendRawAsync(Latin1("PING\r\nSET greeting \"hello world\\n\"\nGET greeting\r\nSET 'it''s' x\r\n\r\nECHO \"\\x41\\x42\"\r\n"));
        Expect(Status("PONG"), await c.ReadReplyAsync());
        Expect(Ok, await c.ReadReplyAsync());
        Expect(Bulk("hello world\n"), await c.ReadReplyAsync());
        Expect(Err("ERR Protocol error: unbalanced quotes in request"), await c.ReadReplyAsync());
        Assert.True(await c.WaitForCloseAsync(), "the server should close after a protocol error");
    }

    [Theory]
    [InlineData("*abc\r\n", "ERR Protocol error: invalid multibulk length")]
    [InlineData("*2000000\r\n", "ERR Protocol error: invalid multibulk length")]
    [InlineData("*1\r\n+PING\r\n", "ERR Protocol error: expected '$', got '+'")]
    [InlineData("*1\r\n$-3\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$600000000\r\n", "ERR Protocol error: invalid bulk length")]
    [InlineData("*1\r\n$4\r\nPINGxx", "ERR Protocol error: expected CRLF after bulk payload")]
    public async Task Malformed_requests_get_a_protocol_error_and_the_connection_is_closed(string request, string error)
    {
        await using RespConnection c = await Server.ConnectAsync();
        await c.SendRawAsync(Latin1("PING\r\n" + request));
        Expect(Status("PONG"), await c.ReadReplyAsync());
        Expect(Err(error), await c.ReadReplyAsync());
        Assert.True(await c.WaitForCloseAsync());
        await using RespConnection other = await Server.ConnectAsync();
        await other.ExpectAsync(Status("PONG"), "PING");
    }

    [Fact]
    public async Task An_inline_request_without_end_is_refused_past_64_KiB()
    {
        await using RespConnection c = await Server.ConnectAsync();
        await c.SendRawAsync(Latin1(new string('a', 70 * 1024)));
        Expect(Err("ERR Protocol error: too big inline request"), await c.ReadReplyAsync());
        Assert.True(await c.WaitForCloseAsync());
    }

    [Fact]
    public async Task Empty_multibulk_and_blank_lines_are_ignored()
    {
        await using RespConnection c = await Server.ConnectAsync();
        await c.SendRawAsync(Latin1("*0\r\n*-1\r\n\r\n   \r\nPING\r\n"));
        Expect(Status("PONG"), await c.ReadReplyAsync());
    }

    [Fact]
    public async Task A_half_closed_client_still_gets_every_reply_then_the_close()
    {
        await using RespConnection c = await Server.ConnectAsync();
        await c.SendAsync(["SET", "a", "1"], ["INCR", "a"], ["GET", "a"]);
        c.ShutdownSend();
        Expect(Ok, await c.ReadReplyAsync());
        Expect(Int(2), await c.ReadReplyAsync());
        Expect(Bulk("2"), await c.ReadReplyAsync());
        Assert.True(await c.WaitForCloseAsync());
    }

    [Fact]
    public async Task Quit_replies_ok_and_closes_without_running_what_follows()
    {
        await using RespConnection c = await Server.ConnectAsync();
        await c.SendAsync(["QUIT"], ["SET", "after", "quit"]);
        Expect(Ok, await c.ReadReplyAsync());
        Assert.True(await c.WaitForCloseAsync());
        await using RespConnection other = await Server.ConnectAsync();
        await other.ExpectAsync(Nil, "GET", "after");
    }

    [Fact]
    public async Task A_client_that_does_not_read_loses_no_replies()
    {
        await using RespConnection c = await Server.ConnectAsync();
        string value = new('v', 1024 * 1024);
        await c.ExpectAsync(Ok, "SET", "mb", value);
        // 48 MiB of replies owed: far more than the socket buffers, so the server must hold back.
        const int Count = 48;
        await c.SendAsync(Enumerable.Repeat<IReadOnlyList<string>>(["GET", "mb"], Count).ToArray());
        await Task.Delay(300);
        await using (RespConnection other = await Server.ConnectAsync())
            await other.ExpectAsync(Status("PONG"), "PING"); // the server is not stuck on the slow reader
        for (int i = 0; i < Count; i++) Expect(Bulk(value), await c.ReadReplyAsync());
    }
}
