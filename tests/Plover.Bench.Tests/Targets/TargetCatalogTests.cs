using Plover.Bench.Load;
using Plover.Bench.Targets;

namespace Plover.Bench.Tests.Targets;

public sealed class TargetCatalogTests
{
    [Fact]
    public async Task Plover_modes_are_skipped_with_the_cli_answer_while_the_cluster_command_does_not_exist()
    {
        using var repository = StandInRepository.WithoutCluster();
        var catalog = new TargetCatalog(repository.Layout, WorkloadGuest.Kv);
        foreach (string mode in PloverMode.All)
        {
            TargetAvailability availability = await catalog.ResolveAsync(mode, CancellationToken.None);
            Assert.False(availability.Available);
            Assert.Equal("the replication engine's `plover cluster up` is not available yet (the CLI has no such command)", availability.Reason);
        }
    }

    [Fact]
    public async Task A_cluster_command_without_an_option_the_bench_passes_or_a_failing_cli_is_reported()
    {
        using var older = StandInRepository.WithOlderCluster();
        TargetAvailability vsmr = await new TargetCatalog(older.Layout, WorkloadGuest.Kv).ResolveAsync("vsmr", CancellationToken.None);
        Assert.Equal("`plover cluster up` lacks --port-base, which the bench passes", vsmr.Reason);

        using var broken = StandInRepository.WithBrokenCli();
        TargetAvailability none = await new TargetCatalog(broken.Layout, WorkloadGuest.Kv).ResolveAsync("none", CancellationToken.None);
        Assert.Equal("the replication engine's `plover cluster up` is not available yet (`plover cluster up --help` exited with 1: plover: build failed)", none.Reason);
    }

    [Fact]
    public async Task Plover_modes_are_available_once_the_cli_has_the_cluster_command_and_the_guest_is_built()
    {
        using var repository = StandInRepository.WithCluster();
        TargetAvailability vsmr = await new TargetCatalog(repository.Layout, WorkloadGuest.Kv).ResolveAsync("vsmr", CancellationToken.None);
        Assert.True(vsmr.Available, vsmr.Reason);
        await using IBenchTarget target = vsmr.Create!();
        Assert.IsType<PloverClusterTarget>(target);
        Assert.Equal("vsmr", target.Mode);

        using var noGuest = StandInRepository.WithCluster(withGuest: false);
        TargetAvailability smr = await new TargetCatalog(noGuest.Layout, WorkloadGuest.Kv).ResolveAsync("smr", CancellationToken.None);
        Assert.Equal($"{noGuest.Layout.Guest("kv.wasm")} is not built: run scripts/setup", smr.Reason);
    }

    [Theory]
    [InlineData(WorkloadGuest.Nondet, "redis", "redis-server does not run the nondet guest's commands")]
    [InlineData(WorkloadGuest.Nondet, "redis-aof", "redis-server does not run the nondet guest's commands")]
    [InlineData(WorkloadGuest.Nondet, "kv-native", "the nondet workload runs against nondet-native, not kv-native")]
    [InlineData(WorkloadGuest.Kv, "nondet-native", "the kv workload runs against kv-native, not nondet-native")]
    [InlineData(WorkloadGuest.Kv, "memcached", "unknown mode (known: none, smr, remus, vsmr, redis, redis-aof, kv-native, nondet-native)")]
    public async Task Modes_that_do_not_fit_the_workload_are_skipped_with_the_reason(WorkloadGuest guest, string mode, string reason)
    {
        using var repository = StandInRepository.WithoutCluster();
        TargetAvailability availability = await new TargetCatalog(repository.Layout, guest).ResolveAsync(mode, CancellationToken.None);
        Assert.False(availability.Available);
        Assert.Equal(reason, availability.Reason);
    }

    [Fact]
    public async Task A_native_guest_that_is_not_built_is_skipped_naming_the_file()
    {
        using var repository = StandInRepository.WithoutCluster();
        TargetAvailability availability = await new TargetCatalog(repository.Layout, WorkloadGuest.Kv).ResolveAsync("kv-native", CancellationToken.None);
        Assert.Equal($"{repository.Layout.Guest("kv-native")} is not built: run scripts/setup", availability.Reason);
    }

    [Fact]
    public async Task The_references_are_available_where_redis_server_is_installed()
    {
        var catalog = new TargetCatalog(RepositoryLayout.Find(), WorkloadGuest.Kv);
        foreach (string mode in new[] { "redis", "redis-aof" })
        {
            TargetAvailability availability = await catalog.ResolveAsync(mode, CancellationToken.None);
            Assert.True(availability.Available, availability.Reason);
            await using IBenchTarget target = availability.Create!();
            Assert.Equal(mode, target.Mode);
        }
    }

    [Fact]
    public void The_default_modes_are_the_four_plover_modes_and_the_references_for_the_guest()
    {
        var layout = RepositoryLayout.Find();
        Assert.Equal(["none", "smr", "remus", "vsmr", "redis", "redis-aof", "kv-native"], new TargetCatalog(layout, WorkloadGuest.Kv).DefaultModes);
        Assert.Equal(["none", "smr", "remus", "vsmr", "nondet-native"], new TargetCatalog(layout, WorkloadGuest.Nondet).DefaultModes);
    }
}
