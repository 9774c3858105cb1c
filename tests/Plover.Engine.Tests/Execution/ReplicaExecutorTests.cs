using Plover.Engine.Config;
using Plover.Engine.Epochs;
using Plover.Engine.Execution;
using Plover.Engine.Guest;
using Plover.Engine.Log;
using Plover.Engine.Tests.Transport;

namespace Plover.Engine.Tests.Execution;

public class ReplicaExecutorTests
{
    private static async Task AllReachEpoch(ExecutorCluster cluster, ulong epoch, IEnumerable<uint>? nodes = null)
    {
        foreach (ExecutorCluster.Node node in cluster.Nodes.Values.Where(n => nodes is null || nodes.Contains(n.Id)))
            await Eventually.HoldsAsync(() => node.Epochs.Any(e => e.Epoch == epoch), $"node {node.Id} finishes epoch {epoch}");
    }

    [Fact]
    public async Task Outputs_wait_for_the_epoch_sync_then_only_the_primary_releases_them()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Vsmr, passthrough: false);
        ulong ballot = ExecutorCluster.BallotOf(1);
        cluster.Elect(1, ballot);
        await Eventually.HoldsAsync(() => cluster.Nodes[1].Serving.Ballot == ballot, "node 1 serves");
        cluster.Commit(new ConnectEntry(5), ExecutorCluster.Line(5, "SET a"), ExecutorCluster.Line(5, "GET a"));
        await Task.Delay(200);
        Assert.Empty(cluster.Nodes[1].Released);

        cluster.Commit(new EpochEndEntry(2));
        await Eventually.HoldsAsync(() => cluster.Nodes[1].ReleasedText == "1 SET a\n2 GET a\n", "the replies go out after the sync");
        await AllReachEpoch(cluster, 2);
        Assert.Empty(cluster.Nodes[2].Released);
        Assert.Empty(cluster.Nodes[3].Released);
        EpochStatistics stats = cluster.Nodes[1].Epochs.Single(e => e.Epoch == 2);
        Assert.All(stats.Peers, p => Assert.Equal(SyncResult.Equal, p.Result));
        Assert.Equal(0, stats.HashListsSent);
        Assert.Single(cluster.Nodes.Values.Select(n => n.Executor.Status.LastSynced).Distinct());
    }

    [Fact]
    public async Task Passthrough_divergence_is_repaired_at_every_epoch()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Vsmr, passthrough: true);
        cluster.Elect(1, ExecutorCluster.BallotOf(1));
        cluster.Commit(new ConnectEntry(5));
        for (ulong e = 2; e <= 6; e++) cluster.Commit(ExecutorCluster.Line(5, $"SET k{e}"), new EpochEndEntry(e));
        await AllReachEpoch(cluster, 6);
        foreach (ulong e in Enumerable.Range(2, 5).Select(i => (ulong)i))
        {
            EpochStatistics primary = cluster.Nodes[1].Epochs.Single(s => s.Epoch == e);
            Assert.All(primary.Peers, p => Assert.Equal(SyncResult.Repaired, p.Result));
            Assert.True(primary.PagesSent is > 0 and <= 4, $"epoch {e}: {primary.PagesSent} pages sent");
            Assert.All(cluster.Nodes.Values, n => Assert.Equal(primary.Digest, n.Epochs.Single(s => s.Epoch == e).Digest));
        }
        await Eventually.HoldsAsync(() => cluster.Nodes[1].ReleasedText.Split('\n').Length == 6, "all five replies released");
    }

    [Fact]
    public async Task A_takeover_closes_every_connection_and_the_new_primary_serves()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Vsmr, passthrough: false);
        cluster.Elect(1, ExecutorCluster.BallotOf(1));
        cluster.Commit(new ConnectEntry(5), new ConnectEntry(6), ExecutorCluster.Line(5, "x"), new EpochEndEntry(2));
        await AllReachEpoch(cluster, 2);
        Assert.All(cluster.Nodes.Values, n => Assert.Equal(2, n.Machine.LiveConnections.Count));

        ulong second = ExecutorCluster.BallotOf(2, round: 2);
        cluster.Elect(2, second);
        await Eventually.HoldsAsync(() => cluster.Nodes[2].Serving.Ballot == second, "node 2 serves");
        await AllReachEpoch(cluster, 3);
        Assert.All(cluster.Nodes.Values, n => Assert.Empty(n.Machine.LiveConnections));
        Assert.Equal(0UL, cluster.Nodes[1].Serving.Ballot);
        // The guest's closes at the takeover are not sent anywhere: every node dropped those clients when leadership changed.
        Assert.Empty(cluster.Nodes[2].Released);
    }

    [Fact]
    public async Task A_new_primary_that_missed_syncs_pulls_the_state_a_majority_released()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Vsmr, passthrough: true);
        cluster.Elect(1, ExecutorCluster.BallotOf(1));
        cluster.Cut(1, 3);
        cluster.Commit(new ConnectEntry(5), ExecutorCluster.Line(5, "SET a"), new EpochEndEntry(2));
        await Eventually.HoldsAsync(() => cluster.Nodes[1].ReleasedText == "1 SET a\n", "released after node 2 synced");
        await AllReachEpoch(cluster, 2);
        ulong released = cluster.Nodes[1].Epochs.Single(e => e.Epoch == 2).Digest;
        Assert.NotEqual(released, cluster.Nodes[3].Epochs.Single(e => e.Epoch == 2).Digest);

        // Node 1 is gone; node 3, which never synced since start, leads: it must take node 2's state.
        cluster.Cut(1, 2);
        ulong third = ExecutorCluster.BallotOf(3, round: 2);
        cluster.Elect(3, third, reachable: [2, 3]);
        await Eventually.HoldsAsync(() => cluster.Nodes[3].Serving.Ballot == third, "node 3 serves");
        EpochStatistics takeover = cluster.Nodes[3].Epochs.Single(e => e.Epoch == 3);
        Assert.True(takeover.Takeover);
        Assert.Equal(takeover.Digest, cluster.Nodes[2].Epochs.Single(e => e.Epoch == 3).Digest);
        Assert.Equal(1L, BitConverter.ToInt64(ReadPage(cluster.Nodes[3].Machine, 0)));
    }

    [Fact]
    public async Task A_digest_that_reaches_the_new_primary_before_its_takeover_is_not_lost()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Vsmr, passthrough: false);
        ulong ballot = ExecutorCluster.BallotOf(3);
        foreach (ExecutorCluster.Node node in cluster.Nodes.Values)
            node.Inbox.Post(new LeadershipChanged(new Leadership(node.Id == 3, 3, ballot)));
        // Nodes 1 and 2 reach the takeover first and send their digests to node 3, which has not.
        CommittedPayload takeover = cluster.Commit([1, 2], new TakeoverEntry(ballot));
        await Task.Delay(300);
        Assert.False(cluster.Nodes[3].Serving.IsServing);
        cluster.Deliver(takeover, [3]);
        await Eventually.HoldsAsync(() => cluster.Nodes[3].Serving.Ballot == ballot, "node 3 serves with the digests it got early", TimeSpan.FromSeconds(3));
        Assert.Empty(cluster.Nodes[3].TakeoverRetries);
    }

    private static byte[] ReadPage(IGuestMachine machine, int page)
    {
        var bytes = new byte[IGuestMachine.PageBytes];
        machine.ReadPage(page, bytes);
        return bytes;
    }

    [Fact]
    public async Task Smr_releases_outputs_as_soon_as_they_are_executed()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Smr, passthrough: false);
        cluster.Elect(1, ExecutorCluster.BallotOf(1));
        cluster.Commit(new ConnectEntry(5), ExecutorCluster.Line(5, "SET a"));
        await Eventually.HoldsAsync(() => cluster.Nodes[1].ReleasedText == "1 SET a\n", "released without any epoch");
        Assert.Empty(cluster.Nodes[2].Released);
    }

    [Fact]
    public async Task A_guest_fault_is_reported_and_the_node_stops_serving_but_stays_up()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Vsmr, passthrough: false);
        ulong ballot = ExecutorCluster.BallotOf(1);
        cluster.Elect(1, ballot);
        await Eventually.HoldsAsync(() => cluster.Nodes[1].Serving.Ballot == ballot, "node 1 serves");
        cluster.Nodes[1].Machine.NextFault = GuestRunResult.Trapped("unreachable executed in function 12");
        cluster.Commit(new ConnectEntry(5), ExecutorCluster.Line(5, "SET a"));
        await Eventually.HoldsAsync(() => cluster.Nodes[1].Executor.Status.GuestFault is not null, "the fault is reported");
        Assert.Contains("unreachable executed", cluster.Nodes[1].Executor.Status.GuestFault);
        Assert.False(cluster.Nodes[1].Serving.IsServing);
        Assert.Null(cluster.Nodes[1].Executor.Status.Fatal);
        cluster.Commit(ExecutorCluster.Line(5, "SET b"), new EpochEndEntry(2));
        await AllReachEpoch(cluster, 2, [2, 3]);
        Assert.Null(cluster.Nodes[1].Executor.Status.Fatal);
    }

    [Fact]
    public async Task An_idle_primary_with_outputs_asks_for_an_epoch_end()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Vsmr, passthrough: false);
        ulong ballot = ExecutorCluster.BallotOf(1);
        cluster.Elect(1, ballot);
        await Eventually.HoldsAsync(() => cluster.Nodes[1].Serving.Ballot == ballot, "node 1 serves");
        Assert.Equal(0, Volatile.Read(ref cluster.Nodes[1].EpochEndRequests));
        cluster.Commit(new ConnectEntry(5), ExecutorCluster.Line(5, "PING"));
        await Eventually.HoldsAsync(() => Volatile.Read(ref cluster.Nodes[1].EpochEndRequests) > 0, "the primary asks for an epoch end");
        Assert.Equal(0, Volatile.Read(ref cluster.Nodes[2].EpochEndRequests));
    }

    [Fact]
    public async Task A_takeover_nobody_answers_is_retried()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Vsmr, passthrough: false,
            new EpochSettings { IntervalMs = 100000, SyncWaitMs = 100, StragglerWaitMs = 50 });
        cluster.Cut(1, 2);
        cluster.Cut(1, 3);
        ulong ballot = ExecutorCluster.BallotOf(1);
        cluster.Elect(1, ballot, reachable: [1]);
        await Eventually.HoldsAsync(() => cluster.Nodes[1].TakeoverRetries.Contains(ballot), "the takeover is retried", TimeSpan.FromSeconds(30));
        Assert.False(cluster.Nodes[1].Serving.IsServing);
    }

    [Fact]
    public async Task Remus_ships_dirty_pages_and_releases_on_the_first_ack()
    {
        using var cluster = new ExecutorCluster(ReplicationMode.Remus, passthrough: true,
            new EpochSettings { RemusIntervalMs = 20, IntervalMs = 50, SyncWaitMs = 2000, StragglerWaitMs = 500 });
        ulong ballot = ExecutorCluster.BallotOf(1);
        cluster.Elect(1, ballot);
        await Eventually.HoldsAsync(() => cluster.Nodes[1].Serving.Ballot == ballot, "node 1 serves");
        cluster.Nodes[1].Inbox.Post(new DirectInput(new ConnectEntry(9)));
        cluster.Nodes[1].Inbox.Post(new DirectInput(ExecutorCluster.Line(9, "SET a")));
        await Eventually.HoldsAsync(() => cluster.Nodes[1].ReleasedText == "1 SET a\n", "released after a backup acked");
        ulong shipped = cluster.Nodes[1].Epochs.Last(e => e.PagesSent > 0).Epoch;
        foreach (uint backup in new uint[] { 2, 3 })
        {
            await Eventually.HoldsAsync(() => cluster.Nodes[backup].Executor.Status.LastSynced.Epoch >= shipped, $"node {backup} applied epoch {shipped}");
            Assert.Equal(0, cluster.Nodes[backup].Machine.Runs - 1); // backups never run the guest after its start
        }
        Assert.Equal(cluster.Nodes[1].Epochs.Single(e => e.Epoch == shipped).Digest, cluster.Nodes[2].Epochs.Single(e => e.Epoch == shipped).Digest);
    }
}
