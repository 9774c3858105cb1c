using Plover.Bench.Load;
using Plover.Bench.Metrics;
using Plover.Bench.Targets;
using Plover.Bench.Tests.Metrics;

namespace Plover.Bench.Tests.Targets;

/// <summary>
/// The bench's side of the cluster contract, against a stand-in CLI (three redis-servers as nodes,
/// metrics pages served by the test): the arguments it passes, the pid files and service ports it
/// reads, the metrics it scrapes, and the stop.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PloverClusterTargetTests
{
    [Fact]
    public async Task A_cluster_is_started_read_and_stopped_through_the_cli_contract()
    {
        using var repository = StandInRepository.WithCluster();
        string guest = repository.Layout.Guest("kv.wasm");
        await using var cluster = new PloverClusterTarget(repository.Layout, "remus", guest, entry: ClientEntry.AllNodes);
        await cluster.StartAsync(CancellationToken.None);

        int portBase = cluster.PortBase;
        Assert.Equal([portBase + 1, portBase + 2, portBase + 3], cluster.Endpoints.Select(e => e.Port));
        string data = cluster.DataDirectory;
        Assert.Equal($"cluster up --guest {guest} --mode remus --port-base {portBase} --data {data}", File.ReadAllText(Path.Combine(data, "up.args")).Trim());
        for (int n = 1; n <= 3; n++)
            Assert.Equal(cluster.ProcessIds[n - 1].ToString(), File.ReadAllText(PloverClusterLayout.PidFile(data, n)).Trim());
        Assert.All(cluster.ProcessIds, pid => Assert.True(ProcessCpuTime.Read(pid) >= TimeSpan.Zero));
        Assert.True(cluster.Replicates);

        await using (var node1 = MetricsPage.Serve(PloverClusterLayout.MetricsUrl(portBase, 1).Port, 200, Page(log: 5000, pages: 8192, epochs: 10, pagesSent: 2)))
        await using (var node2 = MetricsPage.Serve(PloverClusterLayout.MetricsUrl(portBase, 2).Port, 200, Page(log: 0, pages: 0, epochs: 10, pagesSent: 0, hashes: 300)))
        await using (var node3 = MetricsPage.Serve(PloverClusterLayout.MetricsUrl(portBase, 3).Port, 200, Page(log: 0, pages: 0, epochs: 9, pagesSent: 0, hashes: 300)))
        {
            ClusterReplication counters = await cluster.ReadReplicationAsync(CancellationToken.None);
            Assert.Equal(5000, counters.LogBytes);
            Assert.Equal(600, counters.HashBytes);
            Assert.Equal(8192, counters.PageBytes);
            Assert.Equal(10, counters.Epochs);
        }

        int[] pids = [.. cluster.ProcessIds];
        await cluster.StopAsync(CancellationToken.None);
        Assert.All(pids, pid => Assert.False(IsRunning(pid), $"node process {pid} still runs"));
        Assert.False(Directory.Exists(data));
    }

    [Theory]
    [InlineData("vsmr", 2)]
    [InlineData("smr", 3)]
    [InlineData("none", 1)]
    public async Task By_default_the_load_goes_to_the_primary_cluster_up_reports_serving_and_in_mode_none_to_node_1(string mode, int primary)
    {
        using var repository = StandInRepository.WithCluster();
        File.WriteAllText(Path.Combine(repository.Root, "primary"), mode == "none" ? "0" : $"{primary}");
        await using var cluster = new PloverClusterTarget(repository.Layout, mode, repository.Layout.Guest("kv.wasm"));
        await cluster.StartAsync(CancellationToken.None);
        Assert.Equal([PloverClusterLayout.ServicePort(cluster.PortBase, primary)], cluster.Endpoints.Select(e => e.Port));
        Assert.Contains(mode == "none" ? "load on node 1" : "clients connect to the primary", cluster.Description);
        await cluster.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_cluster_up_that_names_no_serving_primary_fails_the_start()
    {
        using var repository = StandInRepository.WithCluster();
        File.WriteAllText(Path.Combine(repository.Root, "primary"), "0");
        await using var cluster = new PloverClusterTarget(repository.Layout, "vsmr", repository.Layout.Guest("kv.wasm"));
        var e = await Assert.ThrowsAsync<TargetStartException>(() => cluster.StartAsync(CancellationToken.None));
        Assert.Contains("reported 0 serving primaries, not one", e.Message);
    }

    [Fact]
    public async Task A_node_whose_metrics_cannot_be_read_fails_the_reading_naming_its_url()
    {
        using var repository = StandInRepository.WithCluster();
        await using var cluster = new PloverClusterTarget(repository.Layout, "vsmr", repository.Layout.Guest("kv.wasm"));
        await cluster.StartAsync(CancellationToken.None);
        var e = await Assert.ThrowsAsync<MetricsScrapeException>(() => cluster.ReadReplicationAsync(CancellationToken.None));
        Assert.Equal(PloverClusterLayout.MetricsUrl(cluster.PortBase, 1), e.Url);
        await cluster.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failing_cluster_up_fails_the_start_with_its_output()
    {
        using var repository = StandInRepository.WithoutCluster();
        await using var cluster = new PloverClusterTarget(repository.Layout, "smr", repository.Layout.Guest("kv.wasm"));
        var e = await Assert.ThrowsAsync<TargetStartException>(() => cluster.StartAsync(CancellationToken.None));
        Assert.Contains("plover cluster up exited with 1", e.Message);
        Assert.Contains("Unrecognized command or argument 'cluster'", e.Message);
        Assert.Throws<ArgumentException>(() => new PloverClusterTarget(repository.Layout, "redis", "kv.wasm"));
    }

    [Fact]
    public void The_layout_numbers_nodes_from_one_to_three()
    {
        Assert.Equal(20_002, PloverClusterLayout.ServicePort(20_000, 2));
        Assert.Equal("/d/node3/node.pid", PloverClusterLayout.PidFile("/d", 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => PloverClusterLayout.ServicePort(20_000, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PloverClusterLayout.MetricsUrl(20_000, 4));
    }

    private static string Page(long log, long pages, long epochs, long pagesSent, long hashes = 0) =>
        $"plover_replication_bytes_total{{kind=\"log\"}} {log}\nplover_replication_bytes_total{{kind=\"hashes\"}} {hashes}\n" +
        $"plover_replication_bytes_total{{kind=\"pages\"}} {pages}\nplover_epochs_total {epochs}\nplover_epoch_pages_sent_total {pagesSent}\n";

    /// <summary>Exists and is not a zombie (the daemonized nodes' parent may be slow to reap them, or never do).</summary>
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
}
