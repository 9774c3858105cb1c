using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Kv;

/// <summary>kv-native's replies to each command, including Redis's exact error replies.</summary>
public class KvCommandTests : KvServerTest
{
    [Fact]
    public async Task Ping_and_echo()
    {
        await Connection.ExpectAsync(Status("PONG"), "PING");
        await Connection.ExpectAsync(Bulk("hello"), "ping", "hello");
        await Connection.ExpectAsync(Err("ERR wrong number of arguments for 'ping' command"), "PING", "a", "b");
        await Connection.ExpectAsync(Bulk("x y"), "ECHO", "x y");
        await Connection.ExpectAsync(Err("ERR wrong number of arguments for 'echo' command"), "ECHO");
    }

    [Fact]
    public async Task Set_and_get_are_binary_safe()
    {
        string binary = "\0\r\n\u00ff$*-+:";
        await Connection.ExpectAsync(Nil, "GET", "k");
        await Connection.ExpectAsync(Ok, "SET", "k", binary);
        await Connection.ExpectAsync(Bulk(binary), "GET", "k");
        await Connection.ExpectAsync(Ok, "SET", "", "");
        await Connection.ExpectAsync(Bulk(""), "GET", "");
        await Connection.ExpectAsync(Ok, "set", "k", "overwritten");
        await Connection.ExpectAsync(Bulk("overwritten"), "get", "k");
        await Connection.ExpectAsync(Err("ERR wrong number of arguments for 'get' command"), "GET", "a", "b");
        await Connection.ExpectAsync(Err("ERR wrong number of arguments for 'set' command"), "SET", "k");
    }

    [Fact]
    public async Task Set_options_behave_as_in_redis()
    {
        await Connection.ExpectAsync(Ok, "SET", "k", "1", "NX");
        await Connection.ExpectAsync(Nil, "SET", "k", "2", "NX");
        await Connection.ExpectAsync(Bulk("1"), "SET", "k", "3", "XX", "GET");
        await Connection.ExpectAsync(Nil, "SET", "missing", "v", "XX");
        await Connection.ExpectAsync(Nil, "GET", "missing");
        await Connection.ExpectAsync(Nil, "SET", "fresh", "v", "GET");
        await Connection.ExpectAsync(Err("ERR syntax error"), "SET", "k", "v", "NX", "XX");
        await Connection.ExpectAsync(Err("ERR syntax error"), "SET", "k", "v", "EX", "10", "PX", "10");
        await Connection.ExpectAsync(Err("ERR syntax error"), "SET", "k", "v", "KEEPTTL", "EX", "10");
        await Connection.ExpectAsync(Err("ERR syntax error"), "SET", "k", "v", "BOGUS");
        await Connection.ExpectAsync(Err("ERR value is not an integer or out of range"), "SET", "k", "v", "EX", "ten");
        await Connection.ExpectAsync(Err("ERR invalid expire time in 'set' command"), "SET", "k", "v", "EX", "0");
        await Connection.ExpectAsync(Err("ERR invalid expire time in 'set' command"), "SET", "k", "v", "PX", "-5");
        await Connection.ExpectAsync(Err("ERR invalid expire time in 'set' command"), "SET", "k", "v", "EX", "9223372036854775807");
        await Connection.ExpectAsync(Bulk("3"), "GET", "k");
    }

    [Fact]
    public async Task Increments_check_integers_and_overflow_as_redis_does()
    {
        await Connection.ExpectAsync(Int(1), "INCR", "n");
        await Connection.ExpectAsync(Int(11), "INCRBY", "n", "10");
        await Connection.ExpectAsync(Int(10), "DECR", "n");
        await Connection.ExpectAsync(Int(-5), "DECRBY", "n", "15");
        await Connection.ExpectAsync(Bulk("-5"), "GET", "n");
        await Connection.ExpectAsync(Err("ERR value is not an integer or out of range"), "INCRBY", "n", "1.5");
        foreach (string notInteger in new[] { "abc", "007", " 1", "1 ", "+1", "-0", "", "99999999999999999999" })
        {
            await Connection.ExpectAsync(Ok, "SET", "s", notInteger);
            await Connection.ExpectAsync(Err("ERR value is not an integer or out of range"), "INCR", "s");
        }
        await Connection.ExpectAsync(Ok, "SET", "max", "9223372036854775807");
        await Connection.ExpectAsync(Err("ERR increment or decrement would overflow"), "INCR", "max");
        await Connection.ExpectAsync(Ok, "SET", "min", "-9223372036854775808");
        await Connection.ExpectAsync(Err("ERR increment or decrement would overflow"), "DECR", "min");
        await Connection.ExpectAsync(Err("ERR decrement would overflow"), "DECRBY", "n", "-9223372036854775808");
        await Connection.ExpectAsync(Bulk("9223372036854775807"), "GET", "max");
    }

    [Fact]
    public async Task Mset_and_mget_span_keys()
    {
        await Connection.ExpectAsync(Ok, "MSET", "a", "1", "b", "2", "a", "3");
        await Connection.ExpectAsync(Bulks("3", "2", null), "MGET", "a", "b", "c");
        await Connection.ExpectAsync(Err("ERR wrong number of arguments for 'mset' command"), "MSET", "a", "1", "b");
        await Connection.ExpectAsync(Err("ERR wrong number of arguments for 'mget' command"), "MGET");
        await Connection.ExpectAsync(Int(0), "MSETNX", "c", "1", "a", "9");
        await Connection.ExpectAsync(Int(1), "MSETNX", "c", "1", "d", "2");
        await Connection.ExpectAsync(Bulks("3", "1", "2"), "MGET", "a", "c", "d");
    }

    [Fact]
    public async Task Delete_exists_dbsize_and_flushall()
    {
        await Connection.ExpectAsync(Ok, "MSET", "a", "1", "b", "2", "c", "3");
        await Connection.ExpectAsync(Int(3), "DBSIZE");
        await Connection.ExpectAsync(Int(3), "EXISTS", "a", "a", "b");
        await Connection.ExpectAsync(Int(2), "DEL", "a", "b", "zz", "a");
        await Connection.ExpectAsync(Int(0), "EXISTS", "a", "b");
        await Connection.ExpectAsync(Int(1), "DBSIZE");
        await Connection.ExpectAsync(Ok, "FLUSHALL");
        await Connection.ExpectAsync(Int(0), "DBSIZE");
        await Connection.ExpectAsync(Nil, "GET", "c");
        await Connection.ExpectAsync(Err("ERR syntax error"), "FLUSHALL", "LATER");
        await Connection.ExpectAsync(Ok, "FLUSHDB", "ASYNC");
    }

    [Fact]
    public async Task Other_string_commands()
    {
        await Connection.ExpectAsync(Int(3), "APPEND", "s", "abc");
        await Connection.ExpectAsync(Int(6), "APPEND", "s", "def");
        await Connection.ExpectAsync(Int(6), "STRLEN", "s");
        await Connection.ExpectAsync(Int(0), "STRLEN", "none");
        await Connection.ExpectAsync(Bulk("abcdef"), "GETSET", "s", "x");
        await Connection.ExpectAsync(Bulk("x"), "GETDEL", "s");
        await Connection.ExpectAsync(Nil, "GETDEL", "s");
        await Connection.ExpectAsync(Int(1), "SETNX", "s", "1");
        await Connection.ExpectAsync(Int(0), "SETNX", "s", "2");
        await Connection.ExpectAsync(Err("ERR invalid expire time in 'setex' command"), "SETEX", "s", "0", "v");
        await Connection.ExpectAsync(Ok, "SETEX", "s", "100", "v");
        await Connection.ExpectAsync(Status("string"), "TYPE", "s");
        await Connection.ExpectAsync(Status("none"), "TYPE", "nothing");
    }

    [Fact]
    public async Task Keys_matches_glob_patterns()
    {
        await Connection.ExpectAsync(Ok, "MSET", "user:1", "a", "user:2", "b", "item:1", "c", "u*x", "d");
        var all = (RespReply.Array)await Connection.CallAsync("KEYS", "*");
        Assert.Equal(["item:1", "u*x", "user:1", "user:2"], all.Items!.Select(i => ((RespReply.Bulk)i).Value).Order());
        var users = (RespReply.Array)await Connection.CallAsync("KEYS", "user:[12]");
        Assert.Equal(2, users.Items!.Count);
        await Connection.ExpectAsync(Bulks("u*x"), "KEYS", "u\\*x");
        await Connection.ExpectAsync(Bulks("item:1"), "KEYS", "?tem:*");
        await Connection.ExpectAsync(Arr(), "KEYS", "nothing*");
    }

    [Fact]
    public async Task Unknown_commands_get_redis_errors_and_the_connection_goes_on()
    {
        await Connection.ExpectAsync(Err("ERR unknown command 'NOPE', with args beginning with: 'a' 'b c' "), "NOPE", "a", "b c");
        await Connection.ExpectAsync(Err("ERR unknown command 'x', with args beginning with: "), "x");
        await Connection.ExpectAsync(Status("PONG"), "PING");
    }

    [Fact]
    public async Task Introspection_answers_what_clients_ask_at_startup()
    {
        await Connection.ExpectAsync(Bulks("save", ""), "CONFIG", "GET", "save");
        await Connection.ExpectAsync(Bulks("appendonly", "no"), "CONFIG", "GET", "appendonly");
        await Connection.ExpectAsync(Arr(), "CONFIG", "GET", "maxmemory");
        await Connection.ExpectAsync(Arr(), "COMMAND", "DOCS");
        await Connection.ExpectAsync(Ok, "SELECT", "0");
        await Connection.ExpectAsync(Err("ERR DB index is out of range"), "SELECT", "1");
        var info = (RespReply.Bulk)await Connection.CallAsync("INFO");
        Assert.Contains("db0:keys=0,expires=0", info.Value);
    }
}
