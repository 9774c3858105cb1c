using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Kv;

public sealed class KvExpiryTests : IAsyncLifetime
{
    private GuestServer _server = null!;
    private RespConnection _c = null!;

    public async Task InitializeAsync()
    {
        _server = await GuestServer.StartAsync();
        _c = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        _server.AssertAlive();
        await _c.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>TTL rounds to the nearest second; a busy machine may take a moment between commands.</summary>
    private async Task ExpectTtlAbout(string key, long seconds)
    {
        var ttl = Assert.IsType<RespReply.Integer>(await _c.CallAsync("TTL", key));
        Assert.InRange(ttl.Value, seconds - 2, seconds);
    }

    [Fact]
    public async Task A_key_set_with_px_is_gone_after_its_time()
    {
        await _c.ExpectAsync(Ok, "SET", "k", "v", "PX", "200");
        await _c.ExpectAsync(Bulk("v"), "GET", "k");
        var pttl = (RespReply.Integer)await _c.CallAsync("PTTL", "k");
        Assert.InRange(pttl.Value, 1, 200);
        await Task.Delay(400);
        await _c.ExpectAsync(Nil, "GET", "k");
        await _c.ExpectAsync(Int(-2), "TTL", "k");
        await _c.ExpectAsync(Int(0), "EXISTS", "k");
    }

    [Fact]
    public async Task Expired_keys_are_swept_without_being_read()
    {
        // One pipelined write, so no deadline passes while the keys are being set.
        await _c.SendAsync(Enumerable.Range(0, 300).Select(i => (IReadOnlyList<string>)["SET", $"short:{i}", "v", "PX", $"{400 + i}"]).ToArray());
        for (int i = 0; i < 300; i++) Expect(Ok, await _c.ReadReplyAsync());
        await _c.ExpectAsync(Ok, "SET", "long", "v", "EX", "100");
        await _c.ExpectAsync(Ok, "SET", "forever", "v");
        await _c.ExpectAsync(Int(302), "DBSIZE");
        // DBSIZE counts keys whether or not their time has passed, as in Redis: only a sweep lowers it.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (((RespReply.Integer)await _c.CallAsync("DBSIZE")).Value != 2 && DateTime.UtcNow < deadline) await Task.Delay(50);
        await _c.ExpectAsync(Int(2), "DBSIZE");
        var info = (RespReply.Bulk)await _c.CallAsync("INFO");
        Assert.Contains("db0:keys=2,expires=1,", info.Value);
    }

    [Fact]
    public async Task Expire_ttl_and_persist()
    {
        await _c.ExpectAsync(Ok, "SET", "k", "v");
        await _c.ExpectAsync(Int(-1), "TTL", "k");
        await _c.ExpectAsync(Int(1), "EXPIRE", "k", "100");
        await ExpectTtlAbout("k", 100);
        await _c.ExpectAsync(Int(0), "EXPIRE", "k", "50", "NX");
        await _c.ExpectAsync(Int(0), "EXPIRE", "k", "50", "GT");
        await _c.ExpectAsync(Int(1), "EXPIRE", "k", "50", "LT");
        await ExpectTtlAbout("k", 50);
        await _c.ExpectAsync(Err("ERR NX and XX, GT or LT options at the same time are not compatible"), "EXPIRE", "k", "5", "NX", "XX");
        await _c.ExpectAsync(Err("ERR GT and LT options at the same time are not compatible"), "EXPIRE", "k", "5", "GT", "LT");
        await _c.ExpectAsync(Err("ERR Unsupported option SOON"), "EXPIRE", "k", "5", "SOON");
        await _c.ExpectAsync(Int(1), "PERSIST", "k");
        await _c.ExpectAsync(Int(0), "PERSIST", "k");
        await _c.ExpectAsync(Int(-1), "TTL", "k");
        await _c.ExpectAsync(Int(0), "EXPIRE", "missing", "10");
        await _c.ExpectAsync(Int(1), "PEXPIRE", "k", "-1");
        await _c.ExpectAsync(Int(0), "EXISTS", "k");
    }

    [Fact]
    public async Task Increments_keep_the_deadline_and_plain_set_drops_it()
    {
        await _c.ExpectAsync(Ok, "SET", "n", "1", "EX", "100");
        await _c.ExpectAsync(Int(2), "INCR", "n");
        await ExpectTtlAbout("n", 100);
        await _c.ExpectAsync(Ok, "SET", "n", "5", "KEEPTTL");
        await ExpectTtlAbout("n", 100);
        await _c.ExpectAsync(Ok, "SET", "n", "6");
        await _c.ExpectAsync(Int(-1), "TTL", "n");
    }

    [Fact]
    public async Task A_key_rewritten_before_its_deadline_is_not_swept_by_the_old_one()
    {
        await _c.ExpectAsync(Ok, "SET", "k", "old", "PX", "100");
        await _c.ExpectAsync(Ok, "SET", "k", "new");
        await Task.Delay(300);
        await _c.ExpectAsync(Bulk("new"), "GET", "k");
        await _c.ExpectAsync(Int(1), "DBSIZE");
    }
}
