using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Nondet;

/// <summary>nondet-native: writes are stamped with the clock and a random token, so replicas diverge.</summary>
public sealed class NondetTests
{
    private static long UnixNanoseconds() => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) * 1_000_000;

    private static (string Value, long Stamp, string Token) Record(RespReply reply)
    {
        var items = Assert.IsType<RespReply.Array>(reply).Items!;
        Assert.Equal(3, items.Count);
        string token = Assert.IsType<RespReply.Bulk>(items[2]).Value!;
        Assert.Matches("^[0-9a-f]{16}$", token);
        return (Assert.IsType<RespReply.Bulk>(items[0]).Value!, Assert.IsType<RespReply.Integer>(items[1]).Value, token);
    }

    [Fact]
    public async Task Set_stamps_each_write_with_the_clock_and_a_random_token()
    {
        await using GuestServer server = await GuestServer.StartAsync("nondet-native");
        await using RespConnection c = await server.ConnectAsync();
        long before = UnixNanoseconds();
        await c.ExpectAsync(Ok, "SET", "k", "v1");
        var first = Record(await c.CallAsync("GET", "k"));
        await c.ExpectAsync(Ok, "SET", "k", "v1");
        var second = Record(await c.CallAsync("GET", "k"));
        long after = UnixNanoseconds();

        Assert.Equal("v1", first.Value);
        Assert.InRange(first.Stamp, before - 1_000_000_000, after + 1_000_000_000);
        Assert.True(second.Stamp >= first.Stamp);
        Assert.NotEqual(first.Token, second.Token); // 64 random bits: equal with probability 2^-64
        await c.ExpectAsync(Nil, "GET", "missing");
        await c.ExpectAsync(Int(1), "DBSIZE");
        server.AssertAlive();
    }

    [Fact]
    public async Task Recent_lists_the_latest_stamps_newest_first_and_keeps_64()
    {
        await using GuestServer server = await GuestServer.StartAsync("nondet-native");
        await using RespConnection c = await server.ConnectAsync();
        await c.ExpectAsync(Arr(), "RECENT");
        var stamps = new List<long>();
        for (int i = 0; i < 70; i++)
        {
            await c.ExpectAsync(Ok, "SET", $"k{i}", "v");
            stamps.Add(Record(await c.CallAsync("GET", $"k{i}")).Stamp);
        }
        var recent = ((RespReply.Array)await c.CallAsync("RECENT")).Items!.Select(r => ((RespReply.Integer)r).Value).ToList();
        Assert.Equal(stamps.AsEnumerable().Reverse().Take(64), recent);
        await c.ExpectAsync(Ok, "FLUSHALL");
        await c.ExpectAsync(Int(0), "DBSIZE");
        await c.ExpectAsync(Err("ERR unknown command 'INCR', with args beginning with: 'k' "), "INCR", "k");
    }

    [Fact]
    public async Task Two_replicas_fed_the_same_commands_hold_different_state()
    {
        await using GuestServer one = await GuestServer.StartAsync("nondet-native");
        await using GuestServer two = await GuestServer.StartAsync("nondet-native");
        await using RespConnection a = await one.ConnectAsync(), b = await two.ConnectAsync();
        foreach (RespConnection c in new[] { a, b }) await c.ExpectAsync(Ok, "SET", "same", "input");
        var ra = Record(await a.CallAsync("GET", "same"));
        var rb = Record(await b.CallAsync("GET", "same"));
        Assert.Equal(ra.Value, rb.Value);
        Assert.NotEqual(ra.Token, rb.Token);
    }
}
