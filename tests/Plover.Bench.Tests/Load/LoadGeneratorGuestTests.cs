using Plover.Bench.Load;
using Plover.Bench.Targets;

namespace Plover.Bench.Tests.Load;

/// <summary>The load generator against the guests' native builds (guests/build/kv-native, nondet-native).</summary>
[Collection(ServerCollection.Name)]
public sealed class LoadGeneratorGuestTests
{
    private static readonly RepositoryLayout Repository = RepositoryLayout.Find();

    private static LoadOptions Short(IBenchTarget target, Workload workload) => new()
    {
        Endpoints = target.Endpoints,
        Connections = 6,
        Pipeline = 4,
        Warmup = TimeSpan.FromMilliseconds(200),
        Duration = TimeSpan.FromMilliseconds(800),
        Workload = workload,
    };

    [GuestFact("kv-native", "kv")]
    public async Task Kv_native_answers_a_mixed_load_with_valid_replies_only()
    {
        await using var kv = new NativeGuestTarget("kv-native", Repository.Guest("kv-native"));
        await kv.StartAsync(CancellationToken.None);
        var workload = new Workload { Keys = 2_000, ValueBytes = 300, ReadRatio = 0.8 };
        LoadResult result = await LoadGenerator.RunAsync(Short(kv, workload));

        using RawResp client = await RawResp.ConnectAsync(kv.Endpoints[0]);
        Assert.Equal(":2000", await client.CommandAsync("DBSIZE"));
        Assert.Equal(300, (await client.CommandAsync("GET", RequestEncoder.KeyName(1999))).Length);
        await kv.StopAsync(CancellationToken.None);
        Assert.True(result.Errors == 0, string.Join("\n", result.ErrorSamples));
        Assert.True(result.Requests > 100, $"only {result.Requests} requests");
    }

    [GuestFact("nondet-native", "nondet")]
    public async Task Nondet_native_answers_the_nondet_workload_with_stamped_values()
    {
        await using var nondet = new NativeGuestTarget("nondet-native", Repository.Guest("nondet-native"));
        await nondet.StartAsync(CancellationToken.None);
        LoadResult stamped = await LoadGenerator.RunAsync(Short(nondet, new Workload { Guest = WorkloadGuest.Nondet, Keys = 500, ValueBytes = 64 }));
        // The kv workload's checks refuse the nondet guest's [value, stamp, token] replies: the checker tells the guests apart.
        LoadResult asKv = await LoadGenerator.RunAsync(Short(nondet, new Workload { Guest = WorkloadGuest.Kv, Keys = 500, ValueBytes = 64, ReadRatio = 1 }));
        await nondet.StopAsync(CancellationToken.None);

        Assert.True(stamped.Errors == 0, string.Join("\n", stamped.ErrorSamples));
        Assert.True(stamped.Requests > 100);
        Assert.True(asKv.Errors > 0);
        Assert.Equal($"{asKv.Errors} WrongReply", asKv.ErrorSummary);
    }
}
