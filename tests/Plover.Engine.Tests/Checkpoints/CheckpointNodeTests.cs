using Plover.Consensus.Storage;
using Plover.Engine.Checkpoints;
using Plover.Engine.Config;
using Plover.Engine.Hosting;
using Plover.Engine.Tests.Fakes;
using Plover.Engine.Tests.Hosting;
using Plover.Engine.Tests.Transport;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Checkpoints;

/// <summary>Three in-process nodes (real transport and stores, fake guests) taking checkpoints, truncating their logs, restarting from them.</summary>
public class CheckpointNodeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Nodes_checkpoint_truncate_their_logs_and_restart_from_the_checkpoint()
    {
        await using var cluster = new NodeCluster(ReplicationMode.Vsmr, passthrough: false, output,
            c => c with { Checkpoint = new CheckpointSettings { EveryEpochs = 2, MinIntervalMs = 0 } });
        await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        using (LineClient client = LineClient.Connect(cluster.Nodes[primary].ServiceEndPoint))
            for (int i = 1; i <= 30; i++) Assert.Equal($"{i} SET k{i}", await client.AskAsync($"SET k{i}", Reply));
        await Eventually.HoldsAsync(() => cluster.Nodes.Values.All(n => n.Snapshot().Executor.Epoch >= 20), "thirty epochs ended on every node");
        await Eventually.HoldsAsync(() => cluster.Nodes.Values.All(n => n.LogFirstSlot > 1), "every node truncated its log");
        foreach (uint node in new uint[] { 1, 2, 3 }) await cluster.StopAsync(node);

        var stored = new Dictionary<uint, CheckpointMetadata>();
        foreach (uint node in new uint[] { 1, 2, 3 })
        {
            NodeConfig config = cluster.ConfigOf(node);
            using RocksDbLogStore store = RocksDbLogStore.Open(config.StorePath, new StoreIdentity(config.ClusterId, (int)node));
            LoadedCheckpoint loaded = new CheckpointStore(store).Load()!;
            Assert.True(loaded.Metadata.Epoch >= 2, $"node {node} holds a checkpoint ({loaded.Metadata})");
            Assert.True(store.Load().FirstSlot > 1, $"node {node}'s log was truncated");
            Assert.True(store.Load().FirstSlot <= loaded.Metadata.Slot + 1, $"node {node}'s log still covers its checkpoint's successor slot");
            stored[node] = loaded.Metadata;
        }

        await cluster.StartAllAsync();
        foreach ((uint node, CheckpointMetadata meta) in stored)
            Assert.Equal(meta.Slot, cluster.Nodes[node].RestoredCheckpoint?.Slot);
        primary = await cluster.WaitForPrimaryAsync();
        using LineClient again = LineClient.Connect(cluster.Nodes[primary].ServiceEndPoint);
        Assert.Equal("31 SET k31", await again.AskAsync("SET k31", Reply));
        await Eventually.HoldsAsync(() => cluster.Nodes.Values.Select(n => n.Snapshot().Executor.LogHash).Distinct().Count() == 1,
            "every node's log hash continues the same chain");
    }

    [Fact]
    public async Task A_damaged_checkpoint_stops_the_node_from_starting_and_names_the_page()
    {
        await using var cluster = new NodeCluster(ReplicationMode.Vsmr, passthrough: false, output,
            c => c with { Checkpoint = new CheckpointSettings { EveryEpochs = 1, MinIntervalMs = 0 } });
        await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        using (LineClient client = LineClient.Connect(cluster.Nodes[primary].ServiceEndPoint))
            for (int i = 1; i <= 5; i++) await client.AskAsync($"SET k{i}", Reply);
        uint victim = primary % 3 + 1;
        await Eventually.HoldsAsync(() => cluster.Nodes[victim].Snapshot().Executor.Epoch >= 3, "the victim ended epochs");
        await Eventually.HoldsAsync(() => cluster.Nodes[victim].LogFirstSlot > 1, "the victim truncated its log");
        await cluster.StopAsync(victim);
        NodeConfig config = cluster.ConfigOf(victim);
        int damaged;
        using (RocksDbLogStore store = RocksDbLogStore.Open(config.StorePath, new StoreIdentity(config.ClusterId, (int)victim)))
        {
            KeyValuePair<byte[], byte[]> page = store.ReadEngineValues(CheckpointKeys.PagePrefix)[0];
            damaged = CheckpointKeys.PageOf(page.Key, 0);
            page.Value[^1] ^= 0xFF;
            store.Persist(new PersistBatch(null, [], Sync: true, [new EngineWrite(page.Key, page.Value)]));
        }
        var e = await Assert.ThrowsAsync<CheckpointCorruptionException>(() => cluster.StartAsync(victim));
        Assert.Equal(damaged, e.Page);
    }

    [Fact]
    public async Task A_node_whose_gap_was_truncated_rejoins_by_transfer_of_the_pages_that_differ()
    {
        await using var cluster = new NodeCluster(ReplicationMode.Vsmr, passthrough: false, output,
            c => c with { Checkpoint = new CheckpointSettings { EveryEpochs = 1, MinIntervalMs = 0 } });
        await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        uint away = primary % 3 + 1;
        for (int i = 1; i <= 3; i++) await SetThroughPrimaryAsync(cluster, i);
        await Eventually.HoldsAsync(() => cluster.Nodes[away].LogFirstSlot > 1, "the node to stop has a checkpoint and truncated its log");
        ulong awayAt = cluster.Nodes[away].Snapshot().Executor.LastSlot;
        await cluster.StopAsync(away);

        for (int i = 4; i <= 8; i++) await SetThroughPrimaryAsync(cluster, i);
        // Both running nodes, not only the current leader: leadership may move under load, and a
        // leader whose log still held the slots would rightly send them instead of its checkpoint.
        await Eventually.HoldsAsync(() => cluster.Nodes.Where(n => n.Key != away).All(n => n.Value.LogFirstSlot > awayAt + 1),
            "every running node truncated the slots the stopped node lacks");

        await cluster.StartAsync(away);
        await Eventually.HoldsAsync(() => cluster.Nodes[away].TransfersInstalled > 0, "the returning node took state by transfer", TimeSpan.FromSeconds(30));
        long pages = cluster.Nodes[away].TransferPageBytes / Plover.Engine.Guest.IGuestMachine.PageBytes;
        Assert.True(pages < FakeGuestMachine.InitialPages, $"{pages} pages travelled: only those that changed while it was away, not all {FakeGuestMachine.InitialPages}");
        Assert.Equal(pages, cluster.Nodes.Where(n => n.Key != away).Sum(n => n.Value.TransferPagesServed));

        await SetThroughPrimaryAsync(cluster, 9);
        await Eventually.HoldsAsync(() => cluster.Nodes.Values.Select(n => n.Snapshot().Executor.LogHash).Distinct().Count() == 1
            && cluster.Nodes.Values.Select(n => n.Snapshot().Executor.LastSlot).Distinct().Count() == 1,
            "the returning node executes the same log as the others", TimeSpan.FromSeconds(20));
        // A backup that reaches an epoch after the primary moved on syncs at a later one (BEHIND):
        // a few more writes give it those epochs.
        for (int i = 10; i <= 14 && !SyncedWithPrimary(cluster.Nodes[away]); i++)
        {
            await SetThroughPrimaryAsync(cluster, i);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await Eventually.HoldsAsync(() => SyncedWithPrimary(cluster.Nodes[away]), "and its state syncs with the primary's", TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// SET k{i} through whichever node serves: a leadership change under load closes the client's
    /// connection (by design), so a lost answer is asked again of the new primary. A retried SET may
    /// have been applied already, so only the echoed command is checked, not the guest's counter.
    /// </summary>
    private static async Task SetThroughPrimaryAsync(NodeCluster cluster, int i)
    {
        const int AttemptsMax = 5;
        for (int attempt = 1; attempt <= AttemptsMax; attempt++)
        {
            uint primary = await cluster.WaitForPrimaryAsync();
            try
            {
                using LineClient client = LineClient.Connect(cluster.Nodes[primary].ServiceEndPoint);
                if (await client.AskAsync($"SET k{i}", Reply) is { } answer)
                {
                    Assert.EndsWith($" SET k{i}", answer);
                    return;
                }
            }
            catch (IOException)
            {
            }
        }
        Assert.Fail($"SET k{i} got no answer from {AttemptsMax} primaries in turn");
    }

    private static bool SyncedWithPrimary(Plover.Engine.Hosting.ReplicaNode node) =>
        node.Snapshot().Executor.LastSynced.Epoch >= node.Snapshot().Executor.Epoch - 1;
}
