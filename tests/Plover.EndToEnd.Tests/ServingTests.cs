using System.Text.RegularExpressions;
using Plover.Engine.LocalCluster;
using Xunit.Abstractions;

namespace Plover.EndToEnd.Tests;

/// <summary>Real clients against real node processes: redis-benchmark on any node, every mode serving kv, a restart from the stores.</summary>
public class ServingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_benchmark_against_any_node_in_vsmr_has_no_errors_and_values_read_back_through_another_node()
    {
        await using TestCluster cluster = await TestCluster.UpAsync(output);
        uint primary = await cluster.PrimaryAsync();
        foreach (uint node in ClusterLayout.NodeIds)
        {
            // -r: random keys key:000000000000..key:000000000999; SET writes "xxx".
            ProcessRun bench = await ProcessRun.RunAsync("redis-benchmark",
                ["-h", "127.0.0.1", "-p", $"{cluster.Service(node).Port}", "-t", "set,get", "-n", "4000", "-c", "20", "-r", "1000", "-q"],
                TimeSpan.FromMinutes(2));
            output.WriteLine($"node {node}{(node == primary ? " (primary)" : "")}: {bench.Output}");
            Assert.Equal(0, bench.ExitCode);
            Assert.Matches(@"SET: [\d.]+ requests per second", bench.Output);
            Assert.Matches(@"GET: [\d.]+ requests per second", bench.Output);
            Assert.DoesNotMatch(new Regex("error|ERR", RegexOptions.IgnoreCase), bench.Output);
        }
        uint writer = ClusterLayout.NodeIds.First(n => n != primary);
        uint reader = ClusterLayout.NodeIds.Last(n => n != writer);
        for (int i = 0; i < 20; i++)
            Assert.Equal("OK", await Kv.CallAsync(cluster.Service(writer), "SET", $"e2e:{i}", $"value-{i}"));
        for (int i = 0; i < 20; i++)
            Assert.Equal($"\"value-{i}\"", await Kv.CallAsync(cluster.Service(reader), "GET", $"e2e:{i}"));
        // redis-benchmark 7 fills every SET of a run with one random 3-byte payload: each key read back
        // holds one of the three runs' payloads, read the same through every node.
        var payloads = new HashSet<string>();
        int found = 0;
        for (int k = 0; k < 1000; k += 37)
        {
            string value = await Kv.CallAsync(cluster.Service(reader), "GET", $"key:{k:D12}");
            if (value == "(nil)") continue;
            Assert.Matches("^\".{3}\"$", value);
            Assert.Equal(value, await Kv.CallAsync(cluster.Service(writer), "GET", $"key:{k:D12}"));
            payloads.Add(value);
            found++;
        }
        Assert.True(found > 20, $"only {found} of the benchmark's keys were found");
        Assert.InRange(payloads.Count, 1, ClusterLayout.NodeIds.Count());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("smr")]
    [InlineData("remus")]
    [InlineData("vsmr")]
    public async Task Every_mode_serves_kv(string mode)
    {
        await using TestCluster cluster = await TestCluster.UpAsync(output, mode: mode);
        uint primary = mode == "none" ? 1 : await cluster.PrimaryAsync();
        Assert.Equal("OK", await Kv.CallAsync(cluster.Service(primary), "SET", "greeting", "hello"));
        Assert.Equal("\"hello\"", await Kv.CallAsync(cluster.Service(primary), "GET", "greeting"));
        Assert.Equal("(integer) 1", await Kv.CallAsync(cluster.Service(primary), "INCR", "n"));
        Assert.Equal("(integer) 2", await Kv.CallAsync(cluster.Service(primary), "INCR", "n"));
        if (mode == "none") return;
        uint other = ClusterLayout.NodeIds.First(n => n != primary);
        Assert.Equal("(integer) 3", await Kv.CallAsync(cluster.Service(other), "INCR", "n"));
        Assert.Equal("\"hello\"", await Kv.CallAsync(cluster.Service(other), "GET", "greeting"));
    }

    [Fact]
    public async Task Cluster_up_again_restarts_the_nodes_from_their_stores()
    {
        await using TestCluster cluster = await TestCluster.UpAsync(output);
        uint primary = await cluster.PrimaryAsync();
        Assert.Equal("OK", await Kv.CallAsync(cluster.Service(primary), "SET", "durable", "yes"));
        Assert.Equal("(integer) 5", await Kv.CallAsync(cluster.Service(primary), "INCRBY", "count", "5"));
        ProcessRun down = await ProcessRun.RunAsync(Repository.Launcher, ["cluster", "down", "--data", cluster.DataDirectory], TimeSpan.FromMinutes(1));
        Assert.Equal(0, down.ExitCode);
        Assert.All(ClusterLayout.NodeIds, n => Assert.Null(cluster.Pid(n)));
        ProcessRun status = await ProcessRun.RunAsync(Repository.Launcher, ["cluster", "status", "--data", cluster.DataDirectory], TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, status.ExitCode);
        Assert.Contains("not running", status.Output);

        await cluster.StartAsync();
        primary = await cluster.PrimaryAsync();
        Assert.Equal("\"yes\"", await Kv.CallAsync(cluster.Service(primary), "GET", "durable"));
        Assert.Equal("(integer) 6", await Kv.CallAsync(cluster.Service(primary), "INCR", "count"));
        status = await ProcessRun.RunAsync(Repository.Launcher, ["cluster", "status", "--data", cluster.DataDirectory], TimeSpan.FromMinutes(1));
        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"node \d: pid \d+, .*role primary, health serving", status.Output);
    }
}
