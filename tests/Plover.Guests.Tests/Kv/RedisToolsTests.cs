using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Kv;

/// <summary>kv-native driven by the real Redis clients (redis-cli, redis-benchmark), as users would.</summary>
public class RedisToolsTests : KvServerTest
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan BenchmarkTimeout = TimeSpan.FromMinutes(3);

    private Task<Tool.Result> Cli(params string[] command) =>
        Tool.RunAsync("redis-cli", ["-h", GuestServer.Host, "-p", $"{Server.Port}", .. command], CliTimeout);

    [Fact]
    public async Task Redis_cli_sees_correct_values()
    {
        Assert.Equal("OK\n", (await Cli("SET", "greeting", "hello world")).Stdout);
        Assert.Equal("hello world\n", (await Cli("GET", "greeting")).Stdout);
        Assert.Equal("1\n", (await Cli("INCR", "visits")).Stdout);
        Assert.Equal("2\n", (await Cli("INCR", "visits")).Stdout);
        Assert.Equal("OK\n", (await Cli("MSET", "a", "1", "b", "2")).Stdout);
        Assert.Equal("1\n2\n\n", (await Cli("MGET", "a", "b", "c")).Stdout);
        Assert.Equal("4\n", (await Cli("DBSIZE")).Stdout);
        Assert.Equal("PONG\n", (await Cli("PING")).Stdout);
    }

    [Fact]
    public async Task Redis_cli_shows_server_errors()
    {
        Tool.Result result = await Cli("INCR", "greeting-missing-then", "extra");
        Assert.Contains("ERR wrong number of arguments for 'incr' command", result.Stdout + result.Stderr);
        result = await Cli("FROB");
        Assert.Contains("ERR unknown command 'FROB'", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Redis_cli_runs_a_script_of_commands_from_stdin()
    {
        Tool.Result result = await Tool.RunAsync("redis-cli", ["-h", GuestServer.Host, "-p", $"{Server.Port}"], CliTimeout,
            stdin: "SET x 10\nINCRBY x 5\nGET x\nDEL x\nEXISTS x\n");
        Assert.Equal("OK\n15\n15\n1\n0\n", result.Stdout);
    }

    [Fact]
    public async Task Redis_benchmark_finishes_without_errors_and_leaves_the_counts_it_implies()
    {
        const int Requests = 20000;
        Tool.Result result = await Tool.RunAsync("redis-benchmark",
            ["-h", GuestServer.Host, "-p", $"{Server.Port}", "-t", "ping,set,get,incr,mset", "-n", $"{Requests}", "-c", "50", "-q"],
            BenchmarkTimeout);
        string output = result.Stdout.Replace('\r', '\n');
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("rror", output + result.Stderr);
        Assert.DoesNotContain("WARNING", output + result.Stderr);
        foreach (string test in new[] { "PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)" })
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(test)}: [\d.]+ requests per second", output);
        // Without -r every request names the same key, so the INCR test counted exactly Requests.
        await using RespConnection c = await Server.ConnectAsync();
        await c.ExpectAsync(Bulk($"{Requests}"), "GET", "counter:__rand_int__");
        await c.ExpectAsync(Int(3), "STRLEN", "key:__rand_int__"); // redis-benchmark's default 3-byte payload
    }

    [Fact]
    public async Task Redis_benchmark_default_suite_runs_every_test_without_errors()
    {
        Tool.Result result = await Tool.RunAsync("redis-benchmark",
            ["-h", GuestServer.Host, "-p", $"{Server.Port}", "-n", "2000", "-c", "20", "-q"], BenchmarkTimeout);
        string output = result.Stdout.Replace('\r', '\n');
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("rror", output + result.Stderr);
        foreach (string test in new[] { "PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP", "SADD", "HSET",
                                        "SPOP", "ZADD", "ZPOPMIN", "LRANGE_100 (first 100 elements)", "LRANGE_600 (first 600 elements)", "MSET (10 keys)" })
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(test)}: [\d.]+ requests per second", output);
    }
}
