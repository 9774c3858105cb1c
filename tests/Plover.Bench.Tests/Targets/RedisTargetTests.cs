using Plover.Bench.Metrics;
using Plover.Bench.Targets;

namespace Plover.Bench.Tests.Targets;

[Collection(ServerCollection.Name)]
public sealed class RedisTargetTests
{
    [Fact]
    public async Task The_reference_redis_keeps_nothing_on_disk()
    {
        await using var redis = new RedisTarget(RedisPersistence.None);
        await redis.StartAsync(CancellationToken.None);
        using (RawResp client = await RawResp.ConnectAsync(redis.Endpoints[0]))
        {
            Assert.Equal("save|", await client.CommandAsync("CONFIG", "GET", "save"));
            Assert.Equal("appendonly|no", await client.CommandAsync("CONFIG", "GET", "appendonly"));
            Assert.Equal($"dir|{redis.Folder}", await client.CommandAsync("CONFIG", "GET", "dir"));
        }
        Assert.Equal("redis", redis.Mode);
        Assert.False(redis.Replicates);
        Assert.Single(redis.ProcessIds);
        string folder = redis.Folder;
        await redis.StopAsync(CancellationToken.None);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task The_aof_reference_fsyncs_every_write_to_its_own_folder()
    {
        await using var redis = new RedisTarget(RedisPersistence.AppendFsyncAlways);
        await redis.StartAsync(CancellationToken.None);
        using (RawResp client = await RawResp.ConnectAsync(redis.Endpoints[0]))
        {
            Assert.Equal("appendonly|yes", await client.CommandAsync("CONFIG", "GET", "appendonly"));
            Assert.Equal("appendfsync|always", await client.CommandAsync("CONFIG", "GET", "appendfsync"));
            Assert.Equal("+OK", await client.CommandAsync("SET", "k", "durable"));
        }
        string appendOnly = Directory.EnumerateFiles(redis.Folder, "*.aof", SearchOption.AllDirectories).Single(f => f.Contains(".incr."));
        Assert.Contains("durable", await File.ReadAllTextAsync(appendOnly));
        Assert.Equal("redis-aof", redis.Mode);
        await redis.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_redis_that_died_during_the_run_fails_the_stop()
    {
        await using var redis = new RedisTarget(RedisPersistence.None);
        await redis.StartAsync(CancellationToken.None);
        int pid = redis.ProcessIds[0];
        LibC.Signal(pid, LibC.SigKill);
        while (IsRunning(pid)) await Task.Delay(10);
        var e = await Assert.ThrowsAsync<TargetStopException>(() => redis.StopAsync(CancellationToken.None));
        Assert.Contains("redis did not stop cleanly", e.Message);
        Assert.Contains("code 137 (killed by signal 9)", e.Message);
    }

    // The killed process may be reaped between any two looks at /proc: a vanished entry means gone too.
    private static bool IsRunning(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_redis_server_that_cannot_run_or_refuses_its_options_fails_the_start()
    {
        await using var missing = new RedisTarget(RedisPersistence.None, executable: "/nonexistent/redis-server");
        var e = await Assert.ThrowsAsync<TargetStartException>(() => missing.StartAsync(CancellationToken.None));
        Assert.Contains("cannot run /nonexistent/redis-server", e.Message);

        await using var bad = new RedisTarget(RedisPersistence.None, ["--no-such-option", "1"]);
        e = await Assert.ThrowsAsync<TargetStartException>(() => bad.StartAsync(CancellationToken.None));
        Assert.Contains("exited before serving", e.Message);
        Assert.Contains("no-such-option", e.Message);
    }

    [Fact]
    public void A_free_port_block_is_free()
    {
        int first = FreePorts.PickBlock(20, new Random(5));
        Assert.All(Enumerable.Range(first, 20), p => Assert.True(FreePorts.IsFree(p)));
        Assert.InRange(first, 20_000, 32_000 - 20);
    }
}
