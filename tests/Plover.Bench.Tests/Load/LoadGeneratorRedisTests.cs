using Plover.Bench.Load;
using Plover.Bench.Targets;

namespace Plover.Bench.Tests;

[Collection(ServerCollection.Name)]
public sealed class LoadGeneratorRedisTests
{
    [Fact]
    public async Task A_mixed_load_against_redis_completes_with_every_reply_valid()
    {
        await using var redis = new RedisTarget(RedisPersistence.None);
        await redis.StartAsync(CancellationToken.None);
        LoadResult result = await LoadGenerator.RunAsync(new LoadOptions
        {
            Endpoints = redis.Endpoints,
            Connections = 4,
            Pipeline = 8,
            Warmup = TimeSpan.FromMilliseconds(200),
            Duration = TimeSpan.FromMilliseconds(800),
            Workload = new Workload { Keys = 500, ValueBytes = 37, ReadRatio = 0.5 },
        });
        await redis.StopAsync(CancellationToken.None);

        Assert.True(result.Errors == 0, string.Join("\n", result.ErrorSamples));
        Assert.True(result.Requests > 100, $"only {result.Requests} requests completed");
        Assert.NotNull(result.Latency);
        Assert.Equal(result.Requests, result.Latency.Count);
        Assert.InRange(result.Window.TotalMilliseconds, 790, 5000);
        Assert.True(result.Latency.P50Ms <= result.Latency.P99Ms && result.Latency.P99Ms <= result.Latency.MaxMs);
    }
}
