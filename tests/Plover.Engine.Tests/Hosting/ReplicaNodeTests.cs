using System.Diagnostics;
using System.Net.Http;
using System.Text.Json;
using Plover.Engine.Config;
using Plover.Engine.Hosting;
using Plover.Engine.Tests.Transport;
using Plover.Engine.Transport;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Hosting;

/// <summary>Three nodes in this process (real transport, stores and sockets; fake guests): the host loop, forwarding, failover, status.</summary>
public class ReplicaNodeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_client_of_any_node_is_served_in_one_order()
    {
        await using var cluster = new NodeCluster(ReplicationMode.Vsmr, passthrough: false, output);
        await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        int counter = 0;
        foreach (uint node in new uint[] { 1, 2, 3 })
        {
            using LineClient client = LineClient.Connect(cluster.Nodes[node].ServiceEndPoint);
            for (int i = 0; i < 3; i++)
            {
                string? reply = await client.AskAsync($"SET n{node}-{i}", Reply);
                Assert.Equal($"{++counter} SET n{node}-{i}", reply);
            }
        }
        await Eventually.HoldsAsync(() => cluster.Nodes.Values.Select(n => n.Snapshot().Executor.LogHash).Distinct().Count() == 1
            && cluster.Nodes.Values.All(n => n.Snapshot().Executor.EntriesExecuted > 0), "every node executed the same log");
        Assert.True(cluster.Nodes[primary].Snapshot().ForwardedClientsOpen >= 0);
    }

    [Fact]
    public async Task Passthrough_replicas_are_repaired_and_equal_after_every_epoch()
    {
        // Every backup must take part in every epoch here, so stragglers get as long as the first
        // backup (a loaded machine can delay one by more than the default half second).
        await using var cluster = new NodeCluster(ReplicationMode.Vsmr, passthrough: true, output,
            c => c with { Epoch = c.Epoch with { SyncWaitMs = 5000, StragglerWaitMs = 5000 } });
        await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        // A peer the primary is not connected to misses its epochs by design (it is repaired once
        // back). The nodes start one after another and the first ones' dials back off up to 2 s, so
        // a primary can serve before its link to the last node is up: wait for both links first.
        await Eventually.HoldsAsync(() => cluster.Nodes[primary].Snapshot().Peers.All(p => p.State == PeerConnectionState.Connected),
            "the primary is connected to both backups");
        using LineClient client = LineClient.Connect(cluster.Nodes[primary].ServiceEndPoint);
        for (int i = 1; i <= 10; i++) Assert.Equal($"{i} SET k{i}", await client.AskAsync($"SET k{i}", Reply));
        var epochs = cluster.Nodes[primary].Snapshot().RecentEpochs.Where(e => !e.Takeover).ToList();
        Assert.NotEmpty(epochs);
        Assert.Contains(epochs, e => e.PagesSent > 0);
        Assert.All(epochs, e => Assert.All(e.Peers, p => Assert.Contains(p.Result, new[] { Plover.Engine.Epochs.SyncResult.Equal, Plover.Engine.Epochs.SyncResult.Repaired })));
        foreach (uint backup in cluster.Nodes.Keys.Where(n => n != primary))
        {
            var mine = cluster.Nodes[backup].Snapshot().RecentEpochs.ToDictionary(e => e.Epoch);
            foreach (var e in epochs.Where(e => mine.ContainsKey(e.Epoch))) Assert.Equal(e.Digest, mine[e.Epoch].Digest);
        }
    }

    [Fact]
    public async Task When_the_primary_goes_a_client_of_another_node_is_served_again()
    {
        await using var cluster = new NodeCluster(ReplicationMode.Vsmr, passthrough: false, output);
        await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        uint other = cluster.Nodes.Keys.First(n => n != primary);
        using (LineClient before = LineClient.Connect(cluster.Nodes[other].ServiceEndPoint))
            Assert.Equal("1 SET before", await before.AskAsync("SET before", Reply));

        var stopwatch = Stopwatch.StartNew();
        await cluster.StopAsync(primary);
        string? reply = null;
        while (reply is null && stopwatch.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                using LineClient after = LineClient.Connect(cluster.Nodes[other].ServiceEndPoint);
                reply = await after.AskAsync("SET after", TimeSpan.FromSeconds(3));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException)
            {
                await Task.Delay(50);
            }
        }
        output.WriteLine($"served again {stopwatch.ElapsedMilliseconds} ms after the primary stopped");
        Assert.Equal("2 SET after", reply);
    }

    [Fact]
    public async Task Status_and_metrics_report_role_epochs_and_replication_bytes()
    {
        await using var cluster = new NodeCluster(ReplicationMode.Vsmr, passthrough: false, output);
        await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        using (LineClient client = LineClient.Connect(cluster.Nodes[primary].ServiceEndPoint))
            await client.AskAsync("SET a", Reply);
        using var http = new HttpClient();
        string status = await http.GetStringAsync($"http://{cluster.Nodes[primary].StatusEndPoint}/status");
        using JsonDocument document = JsonDocument.Parse(status);
        Assert.Equal("primary", document.RootElement.GetProperty("role").GetString());
        Assert.Equal("serving", document.RootElement.GetProperty("health").GetString());
        Assert.True(document.RootElement.GetProperty("epoch").GetUInt64() >= 2);
        Assert.Equal(2, document.RootElement.GetProperty("peers").GetArrayLength());
        string metrics = await http.GetStringAsync($"http://{cluster.Nodes[primary].StatusEndPoint}/metrics");
        Assert.Matches(@"plover_replication_bytes_total\{kind=""log""\} [1-9]", metrics);
        Assert.Matches(@"plover_epochs_total [1-9]", metrics);
        Assert.Contains("plover_epoch_pages_sent_total 0", metrics);
        Assert.Contains("plover_frames_sent_total{kind=\"page_hashes\"} 0", metrics);
        uint backup = cluster.Nodes.Keys.First(n => n != primary);
        string backupStatus = await http.GetStringAsync($"http://{cluster.Nodes[backup].StatusEndPoint}/status");
        Assert.Contains("\"role\": \"backup\"", backupStatus);
        Assert.Contains("\"health\": \"following\"", backupStatus);
    }

    [Fact]
    public async Task A_token_protects_the_status_endpoint()
    {
        const string token = "a-long-enough-secret-token";
        await using var cluster = new NodeCluster(ReplicationMode.None, passthrough: false, output,
            c => c with { Status = new StatusSettings(c.Status.Listen, token) });
        await cluster.StartAsync(1);
        using var http = new HttpClient();
        string url = $"http://{cluster.Nodes[1].StatusEndPoint}/status";
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.GetAsync(url)).StatusCode);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
    }

    [Theory]
    [InlineData(ReplicationMode.Smr)]
    [InlineData(ReplicationMode.Remus)]
    [InlineData(ReplicationMode.None)]
    public async Task Every_mode_serves(ReplicationMode mode)
    {
        await using var cluster = new NodeCluster(mode, passthrough: false, output);
        if (mode == ReplicationMode.None) await cluster.StartAsync(1);
        else await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        using LineClient client = LineClient.Connect(cluster.Nodes[primary].ServiceEndPoint);
        for (int i = 1; i <= 5; i++) Assert.Equal($"{i} SET k{i}", await client.AskAsync($"SET k{i}", Reply));
    }

    [Fact]
    public async Task A_restarted_cluster_replays_its_log()
    {
        await using var cluster = new NodeCluster(ReplicationMode.Vsmr, passthrough: false, output);
        await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        using (LineClient client = LineClient.Connect(cluster.Nodes[primary].ServiceEndPoint))
            for (int i = 1; i <= 3; i++) await client.AskAsync($"SET k{i}", Reply);
        foreach (uint node in new uint[] { 1, 2, 3 }) await cluster.StopAsync(node);
        await cluster.StartAllAsync();
        primary = await cluster.WaitForPrimaryAsync();
        using LineClient again = LineClient.Connect(cluster.Nodes[primary].ServiceEndPoint);
        Assert.Equal("4 SET k4", await again.AskAsync("SET k4", Reply));
    }
}
