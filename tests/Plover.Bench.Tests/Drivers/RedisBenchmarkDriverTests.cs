using Plover.Bench.Drivers;
using Plover.Bench.Load;
using Plover.Bench.Targets;

namespace Plover.Bench.Tests.Drivers;

[Collection(ServerCollection.Name)]
public sealed class RedisBenchmarkDriverTests
{
    private static readonly LoadOptions Settings = new()
    {
        Endpoints = [],
        Connections = 8,
        Pipeline = 4,
        Duration = TimeSpan.FromMilliseconds(500),
        Workload = new Workload { Keys = 1_000, ValueBytes = 50, ReadRatio = 0.25 },
    };

    [Fact]
    public async Task Redis_benchmark_runs_the_mix_against_redis_inside_the_measurement_window()
    {
        await using var redis = new RedisTarget(RedisPersistence.None);
        await redis.StartAsync(CancellationToken.None);
        var window = new RecordingWindow();
        var phases = new List<LoadPhase>();
        LoadResult result = await new RedisBenchmarkDriver().RunAsync(redis, Settings, window, phases.Add, CancellationToken.None);

        using RawResp client = await RawResp.ConnectAsync(redis.Endpoints[0]);
        string size = await client.CommandAsync("DBSIZE");
        await redis.StopAsync(CancellationToken.None);

        Assert.Equal(["open", "close"], window.Calls);
        Assert.Equal([LoadPhase.Warmup, LoadPhase.Measure], phases);
        Assert.Equal(RedisBenchmarkDriver.DriverName, result.Driver);
        Assert.Equal(0, result.Errors);
        Assert.True(result.Requests >= 2, $"{result.Requests} requests");
        Assert.True(result.ThroughputOpsPerSecond > 0);
        Assert.True(result.Latency!.P50Ms <= result.Latency.P99Ms);
        Assert.InRange(int.Parse(size[1..]), 1, 1_000); // SETs went to keys in the key space
    }

    [Fact]
    public async Task A_server_that_rejects_sets_makes_the_run_fail_with_redis_benchmark_output()
    {
        await using var readOnly = new RedisTarget(RedisPersistence.None, ["--rename-command", "SET", ""]);
        await readOnly.StartAsync(CancellationToken.None);
        var e = await Assert.ThrowsAsync<RedisBenchmarkFailedException>(() =>
            new RedisBenchmarkDriver().RunAsync(readOnly, Settings, new RecordingWindow(), null, CancellationToken.None));
        await readOnly.StopAsync(CancellationToken.None);
        Assert.Contains("-t set", e.Message);
        Assert.Contains("unknown command", e.Message);
    }

    private sealed class RecordingWindow : IMeasurementWindow
    {
        public List<string> Calls { get; } = [];

        public Task OpenAsync(CancellationToken cancellation)
        {
            Calls.Add("open");
            return Task.CompletedTask;
        }

        public Task CloseAsync(CancellationToken cancellation)
        {
            Calls.Add("close");
            return Task.CompletedTask;
        }
    }
}
