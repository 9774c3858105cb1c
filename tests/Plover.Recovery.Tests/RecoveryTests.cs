using System.Diagnostics;
using Plover.EndToEnd.Tests;
using Plover.Engine.LocalCluster;
using Plover.Linearizability.Resp;
using Xunit.Abstractions;

namespace Plover.Recovery.Tests;

/// <summary>
/// Real node processes (kv.wasm, vsmr, deterministic, checkpoints every 8 epochs by default) killed
/// with SIGKILL and restarted from their stores: a backup mid-load, a backup away long enough that
/// its log gap is truncated (state transfer), and the whole cluster.
/// </summary>
public class RecoveryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RejoinTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How far past the primary's executed slot a killed backup's log may reach (uncommitted slots, executor lag), generously.</summary>
    private const ulong BackupLogAheadSlotsMax = 64;

    [Fact]
    public async Task A_backup_killed_mid_load_restarts_from_its_checkpoint_and_its_digest_equals_the_primarys_at_the_next_epoch()
    {
        await using TestCluster cluster = await TestCluster.UpAsync(output);
        await DumpLogsOnFailureAsync(cluster, () => BackupKilledMidLoadAsync(cluster));
    }

    private async Task BackupKilledMidLoadAsync(TestCluster cluster)
    {
        uint primary = await cluster.PrimaryAsync();
        uint backup = ClusterLayout.NodeIds.First(n => n != primary);
        await using var load = new WriteLoad(cluster, () => primary, clientCount: 2, prefix: "a");
        await NodeStatus.WaitAsync(cluster, backup, s => s.DurableSlot is not null, "a first checkpoint", RejoinTimeout);
        await Task.Delay(TimeSpan.FromSeconds(1));

        cluster.Kill(backup);
        output.WriteLine($"killed backup node {backup} with SIGKILL under load");
        await Task.Delay(TimeSpan.FromSeconds(1));

        long restarted = Stopwatch.GetTimestamp();
        await cluster.StartAsync();
        NodeStatus rejoined = await NodeStatus.WaitAsync(cluster, backup, s => s.LastSyncedEpoch > 0 && s.RestoredSlot is not null,
            "a sync with the primary after restoring its checkpoint", RejoinTimeout);
        double rejoinMs = Stopwatch.GetElapsedTime(restarted).TotalMilliseconds;
        output.WriteLine($"node {backup} restored its checkpoint at slot {rejoined.RestoredSlot}, synced at epoch {rejoined.LastSyncedEpoch}: " +
                         $"restart (cluster up) to in sync took {rejoinMs:F0} ms; " +
                         (rejoined.TransferPageBytes > 0
                             ? $"the primary's log no longer reached back to its checkpoint, so it also took {rejoined.TransferPageBytes} bytes of pages by state transfer"
                             : "it replayed the log after its checkpoint"));
        await load.StopAsync();
        Assert.NotEmpty(load.Acknowledged);

        await AssertDigestsEqualAtALaterEpochAsync(cluster, primary, backup, after: rejoined.LastSyncedEpoch - 1);
    }

    [Fact]
    public async Task A_backup_away_while_its_log_is_truncated_rejoins_by_transfer_of_only_the_changed_pages()
    {
        await using TestCluster cluster = await TestCluster.UpAsync(output);
        await DumpLogsOnFailureAsync(cluster, () => BackupAwayAsync(cluster));
    }

    private async Task BackupAwayAsync(TestCluster cluster)
    {
        uint primary = await cluster.PrimaryAsync();
        uint backup = ClusterLayout.NodeIds.First(n => n != primary);
        await using (RespConnection connection = await Kv.ConnectAsync(cluster.Service(primary)))
        {
            await FillAsync(connection, keys: 4000, valueBytes: 512); // about 2 MiB of state the backup will not need again
            for (int i = 0; i < 40; i++) await connection.CallAsync("SET", $"hot{i % 8}", $"before-{i}");
        }
        NodeStatus before = await NodeStatus.WaitAsync(cluster, backup, s => s.DurableSlot is not null, "a checkpoint covering the fill", RejoinTimeout);
        cluster.Kill(backup);
        output.WriteLine($"killed backup node {backup} at executed slot {before.ExecutedSlot}");

        // The backup's own log may hold slots beyond what it executed (accepted, or committed and
        // queued for its executor): the primary must truncate past everything the backup could hold.
        ulong backupMayHoldThrough = (await NodeStatus.ReadAsync(cluster, primary)).ExecutedSlot + BackupLogAheadSlotsMax;
        await using (RespConnection connection = await Kv.ConnectAsync(cluster.Service(primary)))
        {
            int writes = 0;
            DateTime until = DateTime.UtcNow + RejoinTimeout;
            while ((await NodeStatus.ReadAsync(cluster, primary)).LogFirstSlot <= backupMayHoldThrough + 1)
            {
                Assert.True(DateTime.UtcNow < until, "the primary truncated its log past the backup's gap");
                for (int i = 0; i < 20; i++, writes++)
                    Assert.Equal("OK", Kv.Describe(await connection.CallAsync("SET", $"hot{writes % 8}", $"away-{writes}")));
            }
            output.WriteLine($"{writes} writes to 8 keys while node {backup} was away; the primary's log now starts at slot {(await NodeStatus.ReadAsync(cluster, primary)).LogFirstSlot}");
        }

        long restarted = Stopwatch.GetTimestamp();
        await cluster.StartAsync();
        NodeStatus rejoined = await NodeStatus.WaitAsync(cluster, backup, s => s.TransferPageBytes > 0 && s.LastSyncedEpoch > 0,
            "a state transfer and a sync with the primary", RejoinTimeout);
        double rejoinMs = Stopwatch.GetElapsedTime(restarted).TotalMilliseconds;
        NodeStatus primaryNow = await NodeStatus.ReadAsync(cluster, primary);
        int pageCount = await PageCountAsync(cluster, primary);
        long pagesReceived = rejoined.TransferPageBytes / 4096;
        output.WriteLine($"node {backup} rejoined by state transfer: {pagesReceived} pages ({rejoined.TransferPageBytes} bytes) of a {pageCount}-page memory " +
                         $"({100.0 * pagesReceived / pageCount:F1}%); primary served {primaryNow.TransferPagesServed} pages; restart (cluster up) to in sync took {rejoinMs:F0} ms");
        Assert.Equal(pagesReceived, primaryNow.TransferPagesServed);
        Assert.True(pagesReceived * 10 < pageCount, $"{pagesReceived} of {pageCount} pages travelled: only the changed ones should");

        await using (RespConnection connection = await Kv.ConnectAsync(cluster.Service(primary)))
            for (int i = 0; i < 20; i++) await connection.CallAsync("SET", $"after{i}", "x");
        await AssertDigestsEqualAtALaterEpochAsync(cluster, primary, backup, after: rejoined.LastSyncedEpoch - 1);
        Assert.Equal($"\"{"value-3999".PadRight(512, 'f')}\"", await Kv.CallAsync(cluster.Service(backup), "GET", "key3999"));
    }

    [Fact]
    public async Task The_whole_cluster_killed_during_a_write_load_restarts_from_disk_with_every_acknowledged_write()
    {
        await using TestCluster cluster = await TestCluster.UpAsync(output);
        await DumpLogsOnFailureAsync(cluster, () => WholeClusterKilledAsync(cluster));
    }

    private async Task WholeClusterKilledAsync(TestCluster cluster)
    {
        uint primary = await cluster.PrimaryAsync();
        var load = new WriteLoad(cluster, () => primary, clientCount: 4, prefix: "w");
        await Task.Delay(TimeSpan.FromSeconds(4));
        foreach (uint node in ClusterLayout.NodeIds) cluster.Kill(node);
        output.WriteLine("killed all three nodes with SIGKILL under load");
        await load.StopAsync();
        IReadOnlyDictionary<string, string> acknowledged = load.Acknowledged;
        Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} writes were acknowledged before the kill");

        long restarted = Stopwatch.GetTimestamp();
        await cluster.StartAsync();
        uint serving = await cluster.PrimaryAsync(RejoinTimeout);
        await using RespConnection connection = await Kv.ConnectAsync(cluster.Service(serving));
        Assert.Equal("OK", Kv.Describe(await connection.CallAsync("SET", "after-restart", "1")));
        double servingMs = Stopwatch.GetElapsedTime(restarted).TotalMilliseconds;
        var restoredFrom = new List<string>();
        foreach (uint node in ClusterLayout.NodeIds)
            restoredFrom.Add($"node {node}: {(await NodeStatus.ReadAsync(cluster, node)).RestoredSlot?.ToString() ?? "no checkpoint"}");
        output.WriteLine($"{acknowledged.Count} acknowledged writes; restart (cluster up) to the first write served took {servingMs:F0} ms; restored slots: {string.Join(", ", restoredFrom)}");

        foreach ((string key, string value) in acknowledged.OrderBy(k => k.Key, StringComparer.Ordinal))
            Assert.Equal($"\"{value}\"", Kv.Describe(await connection.CallAsync("GET", key)));
    }

    /// <summary>Shows the end of every node's output in the test's output when the check fails.</summary>
    private static async Task DumpLogsOnFailureAsync(TestCluster cluster, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch
        {
            cluster.DumpLogs();
            throw;
        }
    }

    /// <summary>Writes <paramref name="keys"/> keys of <paramref name="valueBytes"/> bytes, pipelined 100 at a time.</summary>
    private static async Task FillAsync(RespConnection connection, int keys, int valueBytes)
    {
        for (int first = 0; first < keys; first += 100)
        {
            int count = Math.Min(100, keys - first);
            await connection.SendAsync(Enumerable.Range(first, count).Select(i => (IReadOnlyList<string>)["SET", $"key{i}", $"value-{i}".PadRight(valueBytes, 'f')]).ToArray());
            for (int i = 0; i < count; i++) Assert.Equal("OK", Kv.Describe(await connection.ReadReplyAsync()));
        }
    }

    /// <summary>The memory size (4 KiB pages) of the primary's newest checkpoint.</summary>
    private static async Task<int> PageCountAsync(TestCluster cluster, uint node)
    {
        using System.Text.Json.JsonDocument status = await cluster.StatusAsync(node);
        return status.RootElement.GetProperty("checkpoints").GetProperty("durable").GetProperty("pageCount").GetInt32();
    }

    /// <summary>Some epoch after <paramref name="after"/> that both nodes sealed has the same digest on both, and none differs.</summary>
    private async Task AssertDigestsEqualAtALaterEpochAsync(TestCluster cluster, uint primary, uint backup, ulong after)
    {
        DateTime deadline = DateTime.UtcNow + RejoinTimeout;
        while (true)
        {
            Dictionary<ulong, string> mine = await NodeStatus.DigestsAsync(cluster, backup);
            Dictionary<ulong, string> theirs = await NodeStatus.DigestsAsync(cluster, primary);
            ulong[] common = mine.Keys.Where(e => e > after && theirs.ContainsKey(e)).Order().ToArray();
            ulong[] equal = common.Where(e => mine[e] == theirs[e]).ToArray();
            if (equal.Length > 0)
            {
                output.WriteLine($"epochs {equal[0]}..{equal[^1]}: node {backup}'s digest equals the primary's ({equal.Length} of {common.Length} common epochs)");
                Assert.Equal(mine[equal[^1]], theirs[equal[^1]]);
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"no epoch after {after} with equal digests (common: {string.Join(",", common)})");
            await Task.Delay(100);
        }
    }
}
