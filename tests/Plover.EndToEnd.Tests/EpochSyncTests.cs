using System.Text.Json;
using System.Text.RegularExpressions;
using Plover.Engine.LocalCluster;
using Xunit.Abstractions;

namespace Plover.EndToEnd.Tests;

/// <summary>What the epoch sync does between real nodes, read from their /epochs and /metrics.</summary>
public class EpochSyncTests(ITestOutputHelper output)
{
    private sealed record EpochView(ulong Epoch, string Role, bool Takeover, int PagesSent, string Digest, string[] Results);

    private static async Task<List<EpochView>> EpochsAsync(TestCluster cluster, uint node)
    {
        using JsonDocument epochs = await cluster.EpochsAsync(node);
        return epochs.RootElement.EnumerateArray().Select(e => new EpochView(
            e.GetProperty("epoch").GetUInt64(), e.GetProperty("role").GetString()!, e.GetProperty("takeover").GetBoolean(),
            e.GetProperty("pagesSent").GetInt32(), e.GetProperty("digest").GetString()!,
            e.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("result").GetString()!).ToArray())).ToList();
    }

    [Fact]
    public async Task Passthrough_divergent_pages_are_detected_repaired_and_digests_equal_after_every_epoch()
    {
        await using TestCluster cluster = await TestCluster.UpAsync(output, guest: "nondet.wasm", nondeterminism: "passthrough");
        uint primary = await cluster.PrimaryAsync();
        for (int i = 0; i < 30; i++)
            Assert.Equal("OK", await Kv.CallAsync(cluster.Service(primary), "SET", $"k{i % 7}", $"v{i}"));
        await Task.Delay(500);
        List<EpochView> primaryEpochs = (await EpochsAsync(cluster, primary)).Where(e => e.Role == "primary").ToList();
        Assert.True(primaryEpochs.Count >= 10, $"only {primaryEpochs.Count} epochs");
        Assert.Contains(primaryEpochs, e => e.PagesSent > 0);
        // Every epoch is held by a majority (one backup equal or repaired); a backup later than the
        // straggler wait is "missed" or "behind" and repaired at a later epoch (a loaded machine does that).
        foreach (EpochView epoch in primaryEpochs)
        {
            Assert.Contains(epoch.Results, r => r is "equal" or "repaired");
            Assert.All(epoch.Results, r => Assert.Contains(r, new[] { "equal", "repaired", "missed", "behind" }));
        }
        int held = primaryEpochs.Sum(e => e.Results.Count(r => r is "equal" or "repaired"));
        Assert.True(held * 10 >= primaryEpochs.Sum(e => e.Results.Length) * 7, $"backups held only {held} of the primary's epoch syncs");
        foreach (uint backup in ClusterLayout.NodeIds.Where(n => n != primary))
        {
            // A backup that ended an epoch equal or repaired holds exactly the primary's state of that epoch.
            Dictionary<ulong, EpochView> theirs = (await EpochsAsync(cluster, backup))
                .Where(e => e.Results.All(r => r is "equal" or "repaired")).ToDictionary(e => e.Epoch);
            int compared = 0;
            foreach (EpochView epoch in primaryEpochs.Where(e => theirs.ContainsKey(e.Epoch)))
            {
                Assert.Equal(epoch.Digest, theirs[epoch.Epoch].Digest);
                compared++;
            }
            Assert.True(compared >= primaryEpochs.Count / 2, $"node {backup} reports {compared} of the primary's {primaryEpochs.Count} epochs synced");
        }
        string metrics = await cluster.MetricsAsync(primary);
        Assert.Matches(@"plover_frames_sent_total\{kind=""state_patch""\} [1-9]", metrics);
        Assert.Matches(@"plover_epoch_pages_sent_total [1-9]", metrics);
    }

    [Fact]
    public async Task Deterministic_mode_syncs_by_digest_alone()
    {
        await using TestCluster cluster = await TestCluster.UpAsync(output, guest: "kv.wasm", nondeterminism: "deterministic");
        uint primary = await cluster.PrimaryAsync();
        ProcessRun bench = await ProcessRun.RunAsync("redis-benchmark",
            ["-h", "127.0.0.1", "-p", $"{cluster.Service(primary).Port}", "-t", "set,incr,get", "-n", "3000", "-c", "10", "-r", "500", "-q"],
            TimeSpan.FromMinutes(2));
        Assert.True(bench.ExitCode == 0, $"redis-benchmark exited with {bench.ExitCode}:\n{bench.Output}");
        foreach (uint node in ClusterLayout.NodeIds)
        {
            string metrics = await cluster.MetricsAsync(node);
            long epochs = long.Parse(Regex.Match(metrics, @"^plover_epochs_total (\d+)$", RegexOptions.Multiline).Groups[1].Value);
            Assert.True(epochs > 10, $"node {node}: {epochs} epochs");
            Assert.Contains("plover_frames_sent_total{kind=\"page_hashes\"} 0", metrics);
            Assert.Contains("plover_frames_sent_total{kind=\"state_patch\"} 0", metrics);
        }
        List<EpochView> epochsSeen = await EpochsAsync(cluster, primary);
        Assert.All(epochsSeen.Where(e => e.Role == "primary"), e => Assert.All(e.Results, r => Assert.Equal("equal", r)));
    }
}
