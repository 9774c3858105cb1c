using Plover.Bench.Metrics;
using Plover.Bench.Targets;

namespace Plover.Bench.Tests.Targets;

[Collection(ServerCollection.Name)]
public sealed class NativeGuestTargetTests
{
    private static readonly RepositoryLayout Repository = RepositoryLayout.Find();

    [Fact]
    public async Task A_guest_that_is_not_built_fails_the_start_naming_the_file()
    {
        await using var target = new NativeGuestTarget("kv-native", "/nonexistent/kv-native");
        var e = await Assert.ThrowsAsync<TargetStartException>(() => target.StartAsync(CancellationToken.None));
        Assert.Contains("/nonexistent/kv-native is not built: run scripts/setup", e.Message);
    }

    [GuestFact("kv-native", "kv")]
    public async Task Kv_native_starts_on_the_port_it_announces_and_stops_cleanly_on_sigterm()
    {
        await using var kv = new NativeGuestTarget("kv-native", Repository.Guest("kv-native"));
        await kv.StartAsync(CancellationToken.None);
        using (RawResp client = await RawResp.ConnectAsync(kv.Endpoints[0]))
            Assert.Equal("+PONG", await client.CommandAsync("PING"));
        Assert.True(ProcessCpuTime.Read(kv.ProcessIds[0]) >= TimeSpan.Zero);
        await kv.StopAsync(CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => kv.Endpoints);
    }

    [GuestFact("kv-native", "kv")]
    public async Task Kv_native_that_crashed_fails_the_stop()
    {
        await using var kv = new NativeGuestTarget("kv-native", Repository.Guest("kv-native"));
        await kv.StartAsync(CancellationToken.None);
        LibC.Signal(kv.ProcessIds[0], LibC.SigKill);
        var e = await Assert.ThrowsAsync<TargetStopException>(async () =>
        {
            await Task.Delay(100);
            await kv.StopAsync(CancellationToken.None);
        });
        Assert.Contains("kv-native did not stop cleanly", e.Message);
        Assert.Contains("code 137 (killed by signal 9)", e.Message);
    }
}
