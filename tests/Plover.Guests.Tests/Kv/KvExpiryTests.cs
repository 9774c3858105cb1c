using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Kv;

public class KvExpiryTests : KvServerTest
{
    /// <summary>TTL rounds to the nearest second; a busy machine may take a moment between commands.</summary>
    private async Task ExpectTtlAbout(string key, long seconds)
    {
        var ttl = Assert.IsType<RespReply.Integer>(await Connection.CallAsync("TTL", key));
        Assert.InRange(ttl.Value, seconds - 2, seconds);
    }

    [Fact]
    public async Task A_key_set_with_px_is_gone_after_its_time()
    {
        await Connection.ExpectAsync(Ok, "SET", "k", "v", "PX", "1000");
        await Connection.ExpectAsync(Bulk("v"), "GET", "k");
        var pttl = (RespReply.Integer)await Connection.CallAsync("PTTL", "k");
        Assert.InRange(pttl.Value, 1, 1000);
        await Task.Delay(1500);
        await Connection.ExpectAsync(Nil, "GET", "k");
        await Connection.ExpectAsync(Int(-2), "TTL", "k");
        await Connection.ExpectAsync(Int(0), "EXISTS", "k");
    }

    [Fact]
    public async Task Expired_keys_are_swept_without_being_read()
    {
        // One pipelined write, so no deadline passes while the keys are being set.
        await Connection.SendAsync(Enumerable.Range(0, 300).Select(i => (IReadOnlyList<string>)["SET", $"short:{i}", "v", "PX", $"{2000 + i}"]).ToArray());
        for (int i = 0; i < 300; i++) Expect(Ok, await Connection.ReadReplyAsync());
        await Connection.ExpectAsync(Ok, "SET", "long", "v", "EX", "100");
        await Connection.ExpectAsync(Ok, "SET", "forever", "v");
        await Connection.ExpectAsync(Int(302), "DBSIZE");
        // DBSIZE counts keys whether or not their time has passed, as in Redis: only a sweep lowers it.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (((RespReply.Integer)await Connection.CallAsync("DBSIZE")).Value != 2 && DateTime.UtcNow < deadline) await Task.Delay(50);
        await Connection.ExpectAsync(Int(2), "DBSIZE");
        var info = (RespReply.Bulk)await Connection.CallAsync("INFO");
        Assert.Contains("db0:keys=2,expires=1,", info.Value);
    }

    [Fact]
    public async Task Expire_ttl_and_persist()
    {
        await Connection.ExpectAsync(Ok, "SET", "k", "v");
        await Connection.ExpectAsync(Int(-1), "TTL", "k");
        await Connection.ExpectAsync(Int(1), "EXPIRE", "k", "100");
        await ExpectTtlAbout("k", 100);
        await Connection.ExpectAsync(Int(0), "EXPIRE", "k", "50", "NX");
        await Connection.ExpectAsync(Int(0), "EXPIRE", "k", "50", "GT");
        await Connection.ExpectAsync(Int(1), "EXPIRE", "k", "50", "LT");
        await ExpectTtlAbout("k", 50);
        await Connection.ExpectAsync(Err("ERR NX and XX, GT or LT options at the same time are not compatible"), "EXPIRE", "k", "5", "NX", "XX");
        await Connection.ExpectAsync(Err("ERR GT and LT options at the same time are not compatible"), "EXPIRE", "k", "5", "GT", "LT");
        await Connection.ExpectAsync(Err("ERR Unsupported option SOON"), "EXPIRE", "k", "5", "SOON");
        await Connection.ExpectAsync(Int(1), "PERSIST", "k");
        await Connection.ExpectAsync(Int(0), "PERSIST", "k");
        await Connection.ExpectAsync(Int(-1), "TTL", "k");
        await Connection.ExpectAsync(Int(0), "EXPIRE", "missing", "10");
        await Connection.ExpectAsync(Int(1), "PEXPIRE", "k", "-1");
        await Connection.ExpectAsync(Int(0), "EXISTS", "k");
    }

    [Fact]
    public async Task Increments_keep_the_deadline_and_plain_set_drops_it()
    {
        await Connection.ExpectAsync(Ok, "SET", "n", "1", "EX", "100");
        await Connection.ExpectAsync(Int(2), "INCR", "n");
        await ExpectTtlAbout("n", 100);
        await Connection.ExpectAsync(Ok, "SET", "n", "5", "KEEPTTL");
        await ExpectTtlAbout("n", 100);
        await Connection.ExpectAsync(Ok, "SET", "n", "6");
        await Connection.ExpectAsync(Int(-1), "TTL", "n");
    }

    [Fact]
    public async Task A_key_rewritten_before_its_deadline_is_not_swept_by_the_old_one()
    {
        await Connection.ExpectAsync(Ok, "SET", "k", "old", "PX", "100");
        await Connection.ExpectAsync(Ok, "SET", "k", "new");
        await Task.Delay(300);
        await Connection.ExpectAsync(Bulk("new"), "GET", "k");
        await Connection.ExpectAsync(Int(1), "DBSIZE");
    }
}
