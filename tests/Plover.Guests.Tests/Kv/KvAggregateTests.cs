using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Kv;

/// <summary>Lists, hashes, sets and sorted sets (what redis-benchmark's default tests use), and WRONGTYPE.</summary>
public class KvAggregateTests : KvServerTest
{
    private const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";

    [Fact]
    public async Task Lists_push_pop_and_range_at_both_ends()
    {
        await Connection.ExpectAsync(Int(3), "LPUSH", "l", "a", "b", "c");
        await Connection.ExpectAsync(Int(5), "RPUSH", "l", "d", "e");
        await Connection.ExpectAsync(Bulks("c", "b", "a", "d", "e"), "LRANGE", "l", "0", "-1");
        await Connection.ExpectAsync(Bulks("d", "e"), "LRANGE", "l", "-2", "100");
        await Connection.ExpectAsync(Arr(), "LRANGE", "l", "3", "1");
        await Connection.ExpectAsync(Bulk("e"), "LINDEX", "l", "-1");
        await Connection.ExpectAsync(Nil, "LINDEX", "l", "5");
        await Connection.ExpectAsync(Bulk("c"), "LPOP", "l");
        await Connection.ExpectAsync(Bulks("e", "d"), "RPOP", "l", "2");
        await Connection.ExpectAsync(Int(2), "LLEN", "l");
        await Connection.ExpectAsync(Bulks("b", "a"), "LPOP", "l", "10");
        await Connection.ExpectAsync(Int(0), "EXISTS", "l"); // an emptied list is no key
        await Connection.ExpectAsync(Nil, "LPOP", "l");
        await Connection.ExpectAsync(new RespReply.Array(null), "LPOP", "l", "2");
        await Connection.ExpectAsync(Err("ERR value is out of range, must be positive"), "LPOP", "l", "-1");
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
                case 0: model.AddFirst($"{i}"); await Connection.ExpectAsync(Int(model.Count), "LPUSH", "l", $"{i}"); break;
                case 1: model.AddLast($"{i}"); await Connection.ExpectAsync(Int(model.Count), "RPUSH", "l", $"{i}"); break;
                case 2:
                    await Connection.ExpectAsync(model.First is { } f ? Bulk(f.Value) : Nil, "LPOP", "l");
                    if (model.Count > 0) model.RemoveFirst();
                    break;
                default:
                    await Connection.ExpectAsync(model.Last is { } l ? Bulk(l.Value) : Nil, "RPOP", "l");
                    if (model.Count > 0) model.RemoveLast();
                    break;
            }
        }
        await Connection.ExpectAsync(Bulks([.. model]), "LRANGE", "l", "0", "-1");
    }

    [Fact]
    public async Task Hashes_hold_fields()
    {
        await Connection.ExpectAsync(Int(2), "HSET", "h", "f1", "v1", "f2", "v2");
        await Connection.ExpectAsync(Int(0), "HSET", "h", "f1", "v9");
        await Connection.ExpectAsync(Err("ERR wrong number of arguments for 'hset' command"), "HSET", "h", "f3");
        await Connection.ExpectAsync(Bulk("v9"), "HGET", "h", "f1");
        await Connection.ExpectAsync(Nil, "HGET", "h", "nope");
        await Connection.ExpectAsync(Int(2), "HLEN", "h");
        await Connection.ExpectAsync(Int(1), "HEXISTS", "h", "f2");
        var all = (RespReply.Array)await Connection.CallAsync("HGETALL", "h");
        Assert.Equal(4, all.Items!.Count);
        await Connection.ExpectAsync(Int(2), "HDEL", "h", "f1", "f2", "f3");
        await Connection.ExpectAsync(Int(0), "EXISTS", "h");
    }

    [Fact]
    public async Task Sets_hold_distinct_members_and_pop_them()
    {
        await Connection.ExpectAsync(Int(3), "SADD", "s", "a", "b", "c", "a");
        await Connection.ExpectAsync(Int(3), "SCARD", "s");
        await Connection.ExpectAsync(Int(1), "SISMEMBER", "s", "a");
        await Connection.ExpectAsync(Int(1), "SREM", "s", "a", "zz");
        var popped = (RespReply.Array)await Connection.CallAsync("SPOP", "s", "5");
        Assert.Equal(["b", "c"], popped.Items!.Select(i => ((RespReply.Bulk)i).Value).Order());
        await Connection.ExpectAsync(Int(0), "EXISTS", "s");
        await Connection.ExpectAsync(Nil, "SPOP", "s");
        await Connection.ExpectAsync(Arr(), "SPOP", "s", "3");
    }

    [Fact]
    public async Task Sorted_sets_order_by_score_then_member()
    {
        await Connection.ExpectAsync(Int(4), "ZADD", "z", "2", "b", "1", "a", "2", "aa", "-inf", "low");
        await Connection.ExpectAsync(Bulks("low", "a", "aa", "b"), "ZRANGE", "z", "0", "-1");
        await Connection.ExpectAsync(Bulks("a", "1", "aa", "2"), "ZRANGE", "z", "1", "2", "WITHSCORES");
        await Connection.ExpectAsync(Int(1), "ZADD", "z", "XX", "CH", "5", "a", "1", "new");
        await Connection.ExpectAsync(Bulk("5"), "ZSCORE", "z", "a");
        await Connection.ExpectAsync(Bulk("5.5"), "ZADD", "z", "INCR", "0.5", "a");
        await Connection.ExpectAsync(Int(0), "ZADD", "z", "GT", "1", "a");
        await Connection.ExpectAsync(Bulk("0.10000000000000001"), "ZADD", "z", "INCR", "0.1", "c");
        await Connection.ExpectAsync(Err("ERR value is not a valid float"), "ZADD", "z", "1e400", "x");
        await Connection.ExpectAsync(Err("ERR XX and NX options at the same time are not compatible"), "ZADD", "z", "NX", "XX", "1", "a");
        await Connection.ExpectAsync(Err("ERR GT, LT, and/or NX options at the same time are not compatible"), "ZADD", "z", "GT", "LT", "1", "a");
        await Connection.ExpectAsync(Bulks("low", "-inf", "c", "0.10000000000000001"), "ZPOPMIN", "z", "2");
        await Connection.ExpectAsync(Int(3), "ZCARD", "z");
        await Connection.ExpectAsync(Int(3), "ZREM", "z", "a", "aa", "b", "zz");
        await Connection.ExpectAsync(Int(0), "EXISTS", "z");
    }

    [Fact]
    public async Task Commands_on_a_key_of_another_type_are_wrongtype_and_change_nothing()
    {
        await Connection.ExpectAsync(Int(1), "LPUSH", "list", "x");
        await Connection.ExpectAsync(Ok, "SET", "string", "v");
        foreach (string[] command in new[]
                 {
                     new[] { "GET", "list" }, ["INCR", "list"], ["APPEND", "list", "x"], ["STRLEN", "list"], ["GETSET", "list", "v"],
                     ["SET", "list", "v", "GET"], ["LPUSH", "string", "x"], ["HSET", "string", "f", "v"], ["SADD", "string", "m"],
                     ["ZADD", "string", "1", "m"], ["LRANGE", "string", "0", "1"], ["SPOP", "string"], ["ZPOPMIN", "string"],
                 })
            await Connection.ExpectAsync(Err(WrongType), command);
        await Connection.ExpectAsync(Bulks(null, "v"), "MGET", "list", "string");
        await Connection.ExpectAsync(Status("list"), "TYPE", "list");
        await Connection.ExpectAsync(Ok, "SET", "list", "now a string"); // SET replaces any type
        await Connection.ExpectAsync(Bulk("now a string"), "GET", "list");
        await Connection.ExpectAsync(Int(2), "DBSIZE");
    }

    [Fact]
    public async Task Aggregates_expire_and_flush_like_strings()
    {
        await Connection.ExpectAsync(Int(1), "SADD", "s", "m");
        await Connection.ExpectAsync(Int(1), "PEXPIRE", "s", "100");
        await Connection.ExpectAsync(Int(1), "HSET", "h", "f", "v");
        await Task.Delay(300);
        await Connection.ExpectAsync(Int(0), "SCARD", "s");
        await Connection.ExpectAsync(Ok, "FLUSHALL");
        await Connection.ExpectAsync(Int(0), "HLEN", "h");
    }
}
