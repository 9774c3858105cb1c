using Plover.Bench.Compare;
using Plover.Bench.Load;

namespace Plover.Bench.Tests.Reports;

/// <summary>Comparison reports built by hand, for testing what the writers make of them.</summary>
internal static class SampleReports
{
    public static RunMeasurement Run(int run, double throughput, double p50, double p99, ReplicationPerOp? replication = null) => new(
        run, (long)throughput * 10, 10, throughput,
        new LatencySummary((long)throughput * 10, p50, p50 * 1.5, p99, p99 * 2, p99 * 3, p50 * 1.1),
        0.00002, 0.00001, 0.5, replication ?? ReplicationPerOp.Unreplicated);

    public static ModeResult Measured(string mode, params RunMeasurement[] runs) => new(mode, ModeStatus.Measured, null, $"{mode} as tested", runs);

    public static CompareReport Report(params ModeResult[] modes) => new(
        new ComparisonOptions { Runs = modes.Max(m => Math.Max(1, m.Runs.Count)), Load = new LoadOptions { Endpoints = [], Connections = 50, Pipeline = 16 } },
        "plover", new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), TimeSpan.FromSeconds(95), 2, modes);

    /// <summary>All four Plover modes and redis: vsmr sends 25x fewer bytes than remus, runs 2.5x remus and 0.6x none.</summary>
    public static CompareReport Full() => Report(
        Measured("none", Run(1, 100_000, 0.4, 1.0), Run(2, 110_000, 0.45, 1.2), Run(3, 90_000, 0.5, 1.4)),
        Measured("smr", Run(1, 70_000, 0.6, 2.0, new ReplicationPerOp(true, 150, 0, 0, 10, null, 0))),
        Measured("remus", Run(1, 24_000, 2.0, 9.0, new ReplicationPerOp(true, 0, 0, 2400, 100, 12.5, 400))),
        Measured("vsmr", Run(1, 60_000, 0.9, 3.0, new ReplicationPerOp(true, 80, 10, 5, 5, 0.2, 600))),
        Measured("redis", Run(1, 150_000, 0.3, 0.8)),
        ModeResult.Skipped("redis-aof", "redis-server is not installed: run scripts/setup"),
        new ModeResult("kv-native", ModeStatus.Failed, "run 2: kv-native did not start: boom", "kv-native --listen", [Run(1, 120_000, 0.3, 0.9)]));
}
