using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Kv;

/// <summary>Lists, hashes, sets and sorted sets (what redis-benchmark's default tests use), and WRONGTYPE.</summary>
public sealed class KvAggregateTests : IAsyncLifetime
{
    private const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
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

    [Fact]
    public async Task Lists_push_pop_and_range_at_both_ends()
    {
        await _c.ExpectAsync(Int(3), "LPUSH", "l", "a", "b", "c");
        await _c.ExpectAsync(Int(5), "RPUSH", "l", "d", "e");
        await _c.ExpectAsync(Bulks("c", "b", "a", "d", "e"), "LRANGE", "l", "0", "-1");
        await _c.ExpectAsync(Bulks("d", "e"), "LRANGE", "l", "-2", "100");
        await _c.ExpectAsync(Arr(), "LRANGE", "l", "3", "1");
        await _c.ExpectAsync(Bulk("e"), "LINDEX", "l", "-1");
        await _c.ExpectAsync(Nil, "LINDEX", "l", "5");
        await _c.ExpectAsync(Bulk("c"), "LPOP", "l");
        await _c.ExpectAsync(Bulks("e", "d"), "RPOP", "l", "2");
        await _c.ExpectAsync(Int(2), "LLEN", "l");
        await _c.ExpectAsync(Bulks("b", "a"), "LPOP", "l", "10");
        await _c.ExpectAsync(Int(0), "EXISTS", "l"); // an emptied list is no key
        await _c.ExpectAsync(Nil, "LPOP", "l");
        await _c.ExpectAsync(new RespReply.Array(null), "LPOP", "l", "2");
        await _c.ExpectAsync(Err("ERR value is out of range, must be positive"), "LPOP", "l", "-1");
    }

    [Fact]
    public async Task A_list_grown_and_drained_many_times_keeps_its_order()
    {
        var model = new LinkedList<string>();
        var random = new Random(7);
        for (int i = 0; i < 3000; i++)
        {
            switch (random.Next(4))
            {
                case 0: model.AddFirst($"{i}"); await _c.ExpectAsync(Int(model.Count), "LPUSH", "l", $"{i}"); break;
                case 1: model.AddLast($"{i}"); await _c.ExpectAsync(Int(model.Count), "RPUSH", "l", $"{i}"); break;
                case 2:
                    await _c.ExpectAsync(model.First is { } f ? Bulk(f.Value) : Nil, "LPOP", "l");
                    if (model.Count > 0) model.RemoveFirst();
                    break;
                default:
                    await _c.ExpectAsync(model.Last is { } l ? Bulk(l.Value) : Nil, "RPOP", "l");
                    if (model.Count > 0) model.RemoveLast();
                    break;
            }
        }
        await _c.ExpectAsync(Bulks([.. model]), "LRANGE", "l", "0", "-1");
    }

    [Fact]
    public async Task Hashes_hold_fields()
    {
        await _c.ExpectAsync(Int(2), "HSET", "h", "f1", "v1", "f2", "v2");
        await _c.ExpectAsync(Int(0), "HSET", "h", "f1", "v9");
        await _c.ExpectAsync(Err("ERR wrong number of arguments for 'hset' command"), "HSET", "h", "f3");
        await _c.ExpectAsync(Bulk("v9"), "HGET", "h", "f1");
        await _c.ExpectAsync(Nil, "HGET", "h", "nope");
        await _c.ExpectAsync(Int(2), "HLEN", "h");
        await _c.ExpectAsync(Int(1), "HEXISTS", "h", "f2");
        var all = (RespReply.Array)await _c.CallAsync("HGETALL", "h");
        Assert.Equal(4, all.Items!.Count);
        await _c.ExpectAsync(Int(2), "HDEL", "h", "f1", "f2", "f3");
        await _c.ExpectAsync(Int(0), "EXISTS", "h");
    }

    [Fact]
    public async Task Sets_hold_distinct_members_and_pop_them()
    {
        await _c.ExpectAsync(Int(3), "SADD", "s", "a", "b", "c", "a");
        await _c.ExpectAsync(Int(3), "SCARD", "s");
        await _c.ExpectAsync(Int(1), "SISMEMBER", "s", "a");
        await _c.ExpectAsync(Int(1), "SREM", "s", "a", "zz");
        var popped = (RespReply.Array)await _c.CallAsync("SPOP", "s", "5");
        Assert.Equal(["b", "c"], popped.Items!.Select(i => ((RespReply.Bulk)i).Value).Order());
        await _c.ExpectAsync(Int(0), "EXISTS", "s");
        await _c.ExpectAsync(Nil, "SPOP", "s");
        await _c.ExpectAsync(Arr(), "SPOP", "s", "3");
    }

    [Fact]
    public async Task Sorted_sets_order_by_score_then_member()
    {
        await _c.ExpectAsync(Int(4), "ZADD", "z", "2", "b", "1", "a", "2", "aa", "-inf", "low");
        await _c.ExpectAsync(Bulks("low", "a", "aa", "b"), "ZRANGE", "z", "0", "-1");
        await _c.ExpectAsync(Bulks("a", "1", "aa", "2"), "ZRANGE", "z", "1", "2", "WITHSCORES");
        await _c.ExpectAsync(Int(1), "ZADD", "z", "XX", "CH", "5", "a", "1", "new");
        await _c.ExpectAsync(Bulk("5"), "ZSCORE", "z", "a");
        await _c.ExpectAsync(Bulk("5.5"), "ZADD", "z", "INCR", "0.5", "a");
        await _c.ExpectAsync(Int(0), "ZADD", "z", "GT", "1", "a");
        await _c.ExpectAsync(Bulk("0.10000000000000001"), "ZADD", "z", "INCR", "0.1", "c");
        await _c.ExpectAsync(Err("ERR value is not a valid float"), "ZADD", "z", "1e400", "x");
        await _c.ExpectAsync(Err("ERR XX and NX options at the same time are not compatible"), "ZADD", "z", "NX", "XX", "1", "a");
        await _c.ExpectAsync(Err("ERR GT, LT, and/or NX options at the same time are not compatible"), "ZADD", "z", "GT", "LT", "1", "a");
        await _c.ExpectAsync(Bulks("low", "-inf", "c", "0.10000000000000001"), "ZPOPMIN", "z", "2");
        await _c.ExpectAsync(Int(3), "ZCARD", "z");
        await _c.ExpectAsync(Int(3), "ZREM", "z", "a", "aa", "b", "zz");
        await _c.ExpectAsync(Int(0), "EXISTS", "z");
    }

    [Fact]
    public async Task Commands_on_a_key_of_another_type_are_wrongtype_and_change_nothing()
    {
        await _c.ExpectAsync(Int(1), "LPUSH", "list", "x");
        await _c.ExpectAsync(Ok, "SET", "string", "v");
        foreach (string[] command in new[]
                 {
                     new[] { "GET", "list" }, ["INCR", "list"], ["APPEND", "list", "x"], ["STRLEN", "list"], ["GETSET", "list", "v"],
                     ["SET", "list", "v", "GET"], ["LPUSH", "string", "x"], ["HSET", "string", "f", "v"], ["SADD", "string", "m"],
                     ["ZADD", "string", "1", "m"], ["LRANGE", "string", "0", "1"], ["SPOP", "string"], ["ZPOPMIN", "string"],
                 })
            await _c.ExpectAsync(Err(WrongType), command);
        await _c.ExpectAsync(Bulks(null, "v"), "MGET", "list", "string");
        await _c.ExpectAsync(Status("list"), "TYPE", "list");
        await _c.ExpectAsync(Ok, "SET", "list", "now a string"); // SET replaces any type
        await _c.ExpectAsync(Bulk("now a string"), "GET", "list");
        await _c.ExpectAsync(Int(2), "DBSIZE");
    }

    [Fact]
    public async Task Aggregates_expire_and_flush_like_strings()
    {
        await _c.ExpectAsync(Int(1), "SADD", "s", "m");
        await _c.ExpectAsync(Int(1), "PEXPIRE", "s", "100");
        await _c.ExpectAsync(Int(1), "HSET", "h", "f", "v");
        await Task.Delay(300);
        await _c.ExpectAsync(Int(0), "SCARD", "s");
        await _c.ExpectAsync(Ok, "FLUSHALL");
        await _c.ExpectAsync(Int(0), "HLEN", "h");
    }
}
