using System.Net;
using System.Text.Json;
using Plover.Bench.Compare;
using Plover.Bench.Drivers;
using Plover.Bench.Load;
using Plover.Bench.Metrics;
using Plover.Bench.Reports;
using Plover.Bench.Targets;
using Plover.Bench.Tests.Metrics;

namespace Plover.Bench.Tests.Compare;

[Collection(ServerCollection.Name)]
public sealed class CompareRunnerTests
{
    private static ComparisonOptions Short(params string[] modes) => new()
    {
        Runs = 2,
        Modes = modes,
        Load = new LoadOptions
        {
            Endpoints = [],
            Connections = 4,
            Pipeline = 4,
            Warmup = TimeSpan.FromMilliseconds(200),
            Duration = TimeSpan.FromMilliseconds(500),
            Workload = new Workload { Keys = 1_000, ValueBytes = 64 },
        },
    };

    [GuestFact("kv-native", "kv")]
    public async Task A_short_comparison_of_redis_and_kv_native_writes_the_table_the_json_and_the_chart()
    {
        var observer = new RecordingObserver();
        var catalog = new TargetCatalog(RepositoryLayout.Find(), WorkloadGuest.Kv);
        CompareReport report = await new CompareRunner(Short("redis", "kv-native", "bogus"), catalog, new PloverLoadDriver(), observer).RunAsync(CancellationToken.None);

        Assert.Equal(["redis", "kv-native", "bogus"], report.Modes.Select(m => m.Mode));
        foreach (ModeResult mode in report.Modes.Take(2))
        {
            Assert.True(mode.Status == ModeStatus.Measured, mode.Reason);
            Assert.Equal(2, mode.Runs.Count);
            Assert.True(mode.Throughput.Min > 0);
            Assert.True(mode.ServerCpuSecondsPerOp.Median > 0, "the server's CPU time is charged to it");
            Assert.True(mode.ClientCpuSecondsPerOp!.Median > 0);
            Assert.Equal(0, mode.ReplicationBytesPerOp.Max);
            Assert.False(mode.Replicated);
        }
        Assert.Equal(ModeStatus.Skipped, report.Modes[2].Status);
        Assert.Contains("redis run 1 Measure", observer.Events);
        Assert.Contains("kv-native run 2 measured", observer.Events);
        Assert.Equal("bogus skipped: unknown mode (known: none, smr, remus, vsmr, redis, redis-aof, kv-native, nondet-native)", observer.Events[^1]);
        Assert.False(report.AnyFailed);

        string folder = Directory.CreateTempSubdirectory("plover-bench-compare-").FullName;
        try
        {
            (string? chart, string? problem) = await ReportFiles.WriteAsync(report, folder, CancellationToken.None);
            Assert.True(problem is null, problem);
            Assert.True(new FileInfo(chart!).Length > 0);
            using JsonDocument json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "results.json")));
            JsonElement redis = json.RootElement.GetProperty("modes").GetProperty("redis");
            Assert.Equal(report.Modes[0].Throughput.Median, redis.GetProperty("throughput_ops_s").GetDouble());
            Assert.Contains("| kv-native | ", await File.ReadAllTextAsync(Path.Combine(folder, "results.md")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Redis_benchmark_can_drive_the_comparison_instead()
    {
        var catalog = new TargetCatalog(RepositoryLayout.Find(), WorkloadGuest.Kv);
        ComparisonOptions options = Short("redis") with { Runs = 1 };
        CompareReport report = await new CompareRunner(options, catalog, new RedisBenchmarkDriver(), new RecordingObserver()).RunAsync(CancellationToken.None);
        ModeResult redis = report.Modes.Single();
        Assert.True(redis.Status == ModeStatus.Measured, redis.Reason);
        Assert.Equal("redis-benchmark", report.Driver);
        Assert.True(redis.Throughput.Median > 0);
        Assert.Null(redis.ClientCpuSecondsPerOp);
        Assert.Contains("redis-benchmark runs SET and GET one after the other", MarkdownReport.Render(report));
    }

    [Fact]
    public async Task A_mode_whose_server_answers_with_errors_fails_with_the_reason_and_the_next_mode_still_runs()
    {
        var catalog = new FixedCatalog(new Dictionary<string, Func<IBenchTarget>>
        {
            ["read-only"] = () => new RedisTarget(RedisPersistence.None, ["--rename-command", "SET", ""]),
            ["redis"] = () => new RedisTarget(RedisPersistence.None),
        });
        var observer = new RecordingObserver();
        ComparisonOptions options = Short("read-only", "redis") with { Load = Short().Load with { Prefill = false } };
        CompareReport report = await new CompareRunner(options, catalog, new PloverLoadDriver(), observer).RunAsync(CancellationToken.None);

        ModeResult failed = report.Modes[0];
        Assert.Equal(ModeStatus.Failed, failed.Status);
        Assert.StartsWith("run 1: read-only run 1: ", failed.Reason);
        Assert.Contains("ServerError", failed.Reason);
        Assert.Contains("unknown command", failed.Reason);
        Assert.Empty(failed.Runs);
        Assert.Equal(ModeStatus.Measured, report.Modes[1].Status);
        Assert.True(report.AnyFailed);
        Assert.Contains(observer.Events, e => e.StartsWith("read-only run 1 failed: "));
        Assert.DoesNotContain("read-only run 2/2", observer.Events);
    }

    [Fact]
    public async Task A_plover_mode_reports_bytes_between_nodes_per_request_from_the_nodes_counters()
    {
        using var repository = StandInRepository.WithCluster();
        // Each node's counters grow by a fixed amount per scrape; a run scrapes each node twice (window open and close).
        var catalog = new FixedCatalog(new Dictionary<string, Func<IBenchTarget>>
        {
            ["vsmr"] = () => new WithMetricsPages(new PloverClusterTarget(repository.Layout, "vsmr", repository.Layout.Guest("kv.wasm"))),
        });
        CompareReport report = await new CompareRunner(Short("vsmr") with { Runs = 1 }, catalog, new PloverLoadDriver(), new RecordingObserver())
            .RunAsync(CancellationToken.None);

        ModeResult vsmr = report.Modes.Single();
        Assert.True(vsmr.Status == ModeStatus.Measured, vsmr.Reason);
        RunMeasurement run = vsmr.Runs.Single();
        Assert.True(run.Replication.Replicated);
        Assert.Equal(WithMetricsPages.LogPerScrape * 3, run.Replication.LogBytes * run.Requests, 6);
        Assert.Equal(WithMetricsPages.HashesPerScrape * 2, run.Replication.HashBytes * run.Requests, 6);
        Assert.Equal(WithMetricsPages.PagesPerScrape, run.Replication.PageBytes * run.Requests, 6);
        Assert.Equal(0, run.Replication.OtherBytes);
        Assert.Equal(2.0 / 4, run.Replication.PagesPerEpoch); // 2 pages sent over 4 epochs
        Assert.Equal(4, run.Replication.Epochs);
        Assert.True(run.ServerCpuSecondsPerOp > 0, "the three nodes' CPU time is charged");
        Assert.InRange(run.Requests, 1, long.MaxValue);
    }

    /// <summary>A catalog of fixed targets, for comparisons over targets the real catalog does not offer.</summary>
    private sealed class FixedCatalog(IReadOnlyDictionary<string, Func<IBenchTarget>> targets) : ITargetCatalog
    {
        public IReadOnlyList<string> DefaultModes => [.. targets.Keys];

        public Task<TargetAvailability> ResolveAsync(string mode, CancellationToken cancellation) => Task.FromResult(
            targets.TryGetValue(mode, out var create) ? TargetAvailability.Of(mode, create) : TargetAvailability.Skipped(mode, "not in this catalog"));
    }

    /// <summary>Serves each stand-in node's metrics page on the status port the layout gives it, with counters that grow per scrape.</summary>
    private sealed class WithMetricsPages(PloverClusterTarget inner) : IBenchTarget
    {
        public const long LogPerScrape = 7_000, HashesPerScrape = 300, PagesPerScrape = 8_192;
        private readonly List<MetricsPage> pages = [];

        public string Mode => inner.Mode;
        public string Description => inner.Description;
        public IReadOnlyList<IPEndPoint> Endpoints => inner.Endpoints;
        public IReadOnlyList<int> ProcessIds => inner.ProcessIds;
        public bool Replicates => inner.Replicates;

        public async Task StartAsync(CancellationToken cancellation)
        {
            await inner.StartAsync(cancellation);
            int portBase = inner.PortBase;
            for (int node = 1; node <= PloverClusterLayout.Nodes; node++)
            {
                bool primary = node == 1;
                pages.Add(MetricsPage.Serve(PloverClusterLayout.MetricsUrl(portBase, node).Port, n =>
                    $"plover_replication_bytes_total{{kind=\"log\"}} {n * LogPerScrape}\n" +
                    $"plover_replication_bytes_total{{kind=\"hashes\"}} {(primary ? 0 : n * HashesPerScrape)}\n" +
                    $"plover_replication_bytes_total{{kind=\"pages\"}} {(primary ? n * PagesPerScrape : 0)}\n" +
                    $"plover_epochs_total {n * 4}\nplover_epoch_pages_sent_total {(primary ? n * 2 : 0)}\n"));
            }
        }

        public Task<ClusterReplication> ReadReplicationAsync(CancellationToken cancellation) => inner.ReadReplicationAsync(cancellation);

        public Task StopAsync(CancellationToken cancellation) => inner.StopAsync(cancellation);

        public async ValueTask DisposeAsync()
        {
            foreach (MetricsPage page in pages) await page.DisposeAsync();
            await inner.DisposeAsync();
        }
    }
}
