using Xunit.Abstractions;

namespace Plover.Faults.Tests;

/// <summary>
/// The short end-to-end fault test: three real nodes (in network namespaces where the host allows),
/// four recording clients and the seeded schedule for 40 s (kills of any node and of the primary,
/// pauses, link cuts, the whole cluster killed), then every check must pass. The seed is fixed so
/// the schedule is the same every run; PLOVER_FAULT_SEED runs another.
/// </summary>
public class ShortFaultRunTests(ITestOutputHelper output)
{
    private const ulong SeedDefault = 20261122;
    private static readonly TimeSpan FaultsFor = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Faults_for_forty_seconds_leave_a_linearizable_history_no_lost_write_and_equal_digests()
    {
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("PLOVER_FAULT_SEED"), out ulong chosen) ? chosen : SeedDefault;
        CliBuild.Ensure();
        var log = new StringWriter();
        var options = new TortureOptions(FaultsFor, seed, Repository.Guest("kv.wasm"), [Repository.Launcher]);
        TortureReport report = await new TortureRun(options, TextWriter.Synchronized(log)).RunAsync();
        output.WriteLine(log.ToString());
        output.WriteLine(report.Summary());
        Assert.True(report.AllPassed, $"seed {seed}:\n{report.Summary()}");
        Assert.True(report.NodeKills >= 3, $"only {report.NodeKills} node kills in {FaultsFor.TotalSeconds} s (seed {seed})");
        Assert.True(report.Operations > 100, $"only {report.Operations} operations were recorded (seed {seed})");
        Assert.Equal(6, report.Checks.Count + (report.LinkCutsSkipped is null ? 0 : 1));
    }
}
