using Plover.Bench.Load;
using Plover.Bench.Targets;

namespace Plover.Bench.Tests.Load;

[Collection(ServerCollection.Name)]
public sealed class LoadGeneratorRedisTests
{
    private static LoadOptions Short(IReadOnlyList<System.Net.IPEndPoint> endpoints, Workload workload, bool prefill = true) => new()
    {
        Endpoints = endpoints,
        Connections = 4,
        Pipeline = 8,
        Warmup = TimeSpan.FromMilliseconds(200),
        Duration = TimeSpan.FromMilliseconds(800),
        Prefill = prefill,
        Workload = workload,
    };

    [Fact]
    public async Task A_mixed_load_against_redis_completes_with_every_reply_valid()
    {
        await using var redis = new RedisTarget(RedisPersistence.None);
        await redis.StartAsync(CancellationToken.None);
        var phases = new List<LoadPhase>();
        LoadResult result = await LoadGenerator.RunAsync(Short(redis.Endpoints, new Workload { Keys = 500, ValueBytes = 37 }), onPhase: phases.Add);
        await redis.StopAsync(CancellationToken.None);

        Assert.True(result.Errors == 0, string.Join("\n", result.ErrorSamples));
        Assert.Equal("none", result.ErrorSummary);
        Assert.True(result.Requests > 100, $"only {result.Requests} requests completed");
        Assert.NotNull(result.Latency);
        Assert.Equal(result.Requests, result.Latency.Count);
        Assert.InRange(result.Window.TotalMilliseconds, 790, 5000);
        Assert.Equal(result.Requests / result.Window.TotalSeconds, result.ThroughputOpsPerSecond, 6);
        Assert.True(result.Latency.P50Ms <= result.Latency.P99Ms && result.Latency.P99Ms <= result.Latency.MaxMs);
        Assert.Equal([LoadPhase.Prefill, LoadPhase.Warmup, LoadPhase.Measure, LoadPhase.Drain], phases);
    }

    [Fact]
    public async Task The_hot_path_allocates_nothing_per_request()
    {
        await using var redis = new RedisTarget(RedisPersistence.None);
        await redis.StartAsync(CancellationToken.None);
        // Pipeline 1 suspends on every request: the worst case for allocations per request.
        LoadResult result = await LoadGenerator.RunAsync(Short(redis.Endpoints, new Workload()) with
        {
            Pipeline = 1,
            Warmup = TimeSpan.FromMilliseconds(500),
            Duration = TimeSpan.FromSeconds(1),
        });
        await redis.StopAsync(CancellationToken.None);
        Assert.Equal(0, result.Errors);
        Assert.True(result.Requests > 1000, $"only {result.Requests} requests");
        // What the rest of the process allocates meanwhile is well under a byte per request; an
        // allocation per request would be tens of bytes.
        Assert.True(result.ClientAllocatedBytesPerOp < 4, $"{result.ClientAllocatedBytesPerOp:F2} bytes allocated per request");
    }

    [Fact]
    public async Task The_prefill_writes_every_key_once_with_a_value_of_the_workload_size()
    {
        await using var redis = new RedisTarget(RedisPersistence.None);
        await redis.StartAsync(CancellationToken.None);
        var workload = new Workload { Keys = 777, ValueBytes = 201, ReadRatio = 1 };
        LoadResult result = await LoadGenerator.RunAsync(Short(redis.Endpoints, workload) with { Duration = TimeSpan.FromMilliseconds(200) });

        using RawResp client = await RawResp.ConnectAsync(redis.Endpoints[0]);
        Assert.Equal(":777", await client.CommandAsync("DBSIZE"));
        string first = await client.CommandAsync("GET", RequestEncoder.KeyName(0));
        string last = await client.CommandAsync("GET", RequestEncoder.KeyName(776));
        Assert.Equal(new RequestEncoder(workload).Value.ToArray(), System.Text.Encoding.ASCII.GetBytes(first));
        Assert.Equal(201, last.Length);
        Assert.Equal("$-1", await client.CommandAsync("GET", RequestEncoder.KeyName(777)));
        Assert.Equal(0, result.Errors);
        await redis.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Connections_go_round_robin_over_the_endpoints()
    {
        await using var a = new RedisTarget(RedisPersistence.None);
        await using var b = new RedisTarget(RedisPersistence.None);
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        // Prefill: connection i writes keys i, i+4, ...; connections 0 and 2 go to a, 1 and 3 to b. Reads only after that.
        var workload = new Workload { Keys = 1000, ReadRatio = 1 };
        LoadResult result = await LoadGenerator.RunAsync(Short([a.Endpoints[0], b.Endpoints[0]], workload) with { Duration = TimeSpan.FromMilliseconds(200) });

        using RawResp onA = await RawResp.ConnectAsync(a.Endpoints[0]);
        using RawResp onB = await RawResp.ConnectAsync(b.Endpoints[0]);
        Assert.Equal(":500", await onA.CommandAsync("DBSIZE"));
        Assert.Equal(":500", await onB.CommandAsync("DBSIZE"));
        Assert.StartsWith("$-1", await onA.CommandAsync("GET", RequestEncoder.KeyName(1)));
        Assert.Equal(100, (await onB.CommandAsync("GET", RequestEncoder.KeyName(1))).Length);
        Assert.Equal(0, result.Errors);
        await a.StopAsync(CancellationToken.None);
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Every_set_rejected_by_the_server_counts_as_an_error_and_gets_still_succeed()
    {
        await using var readOnly = new RedisTarget(RedisPersistence.None, ["--rename-command", "SET", ""]);
        await readOnly.StartAsync(CancellationToken.None);

        LoadResult mixed = await LoadGenerator.RunAsync(Short(readOnly.Endpoints, new Workload { ReadRatio = 0.5 }, prefill: false));
        LoadResult reads = await LoadGenerator.RunAsync(Short(readOnly.Endpoints, new Workload { ReadRatio = 1 }, prefill: false));
        await readOnly.StopAsync(CancellationToken.None);

        Assert.True(mixed.Errors > 0);
        Assert.Equal($"{mixed.Errors} ServerError", mixed.ErrorSummary);
        Assert.Contains(mixed.ErrorSamples, s => s.StartsWith("ServerError: SET on connection") && s.Contains("unknown command"));
        Assert.True(mixed.Requests > mixed.Errors / 4, "the GETs between the rejected SETs complete too");
        Assert.Equal(0, reads.Errors);
        Assert.True(reads.Requests > 0);
    }
}
