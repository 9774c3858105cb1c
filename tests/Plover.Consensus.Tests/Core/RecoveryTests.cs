using Plover.Consensus.Messages;

namespace Plover.Consensus.Tests.Core;

/// <summary>Restart from durable state, truncation under a checkpoint, and catch-up by snapshot past it.</summary>
public class RecoveryTests
{
    [Fact]
    public void A_restarted_node_keeps_its_promise_and_replays_the_committed_entries_after_its_applied_slot()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 1 });
        cluster.Elect(1);
        cluster.ProposeAndDeliver(1, "a", "b", "c");
        Ballot promised = cluster[2].Promised;

        PaxosNode restarted = cluster.Restart(2, appliedSlot: 1);
        Ready ready = restarted.Ready();

        Assert.Equal(promised, restarted.Promised);
        Assert.Equal(3UL, restarted.CommitSlot);
        Assert.Equal(["b", "c"], ready.CommittedEntries.Select(e => TestCluster.Text(e.Payload)));
        Assert.Equal(NodeRole.Follower, restarted.Role);
        Assert.Null(restarted.LeaderId);
    }

    [Fact]
    public void Compaction_drops_the_log_below_a_checkpoint_in_the_next_Ready_but_never_unapplied_slots()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 1 });
        cluster.Elect(1);
        cluster.ProposeAndDeliver(1, "a", "b", "c", "d");

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster[2].Compact(5));
        cluster[2].Compact(2);
        Ready ready = cluster[2].Ready();
        cluster.Stores[2].Persist(Plover.Consensus.Storage.PersistBatch.From(ready));
        cluster[2].Advance(ready);

        Assert.Equal(3UL, ready.HardState?.FirstSlot);
        Assert.Equal(3UL, cluster[2].FirstSlot);
        Assert.Null(cluster[2].EntryAt(2));
        Assert.Equal([3UL, 4UL], cluster.Stores[2].Load().Entries.Select(e => e.Slot));
    }

    [Fact]
    public void A_follower_behind_the_leaders_first_slot_is_caught_up_by_a_snapshot_then_by_entries()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 1 });
        byte[] checkpoint = TestCluster.Bytes("state through slot 8");
        var requests = new List<(int Leader, int Follower)>();
        cluster.SnapshotSource = (leader, follower) =>
        {
            requests.Add((leader, follower));
            return (8, checkpoint);
        };
        cluster.Elect(1);
        cluster.Deliver();
        for (int i = 1; i <= 10; i++) cluster[1].Propose(TestCluster.Bytes($"e{i}"));
        cluster.Deliver((from, to, m) => from != 3 && to != 3);
        Assert.Equal(10UL, cluster[1].CommitSlot);
        cluster[1].Compact(8);
        cluster.Process(1);

        for (int round = 0; round < 5 && cluster[3].CommitSlot < 10; round++) cluster.Heartbeat(1);

        Assert.Equal([(1, 3)], requests.Distinct());
        SnapshotInstall installed = Assert.Single(cluster.Installed[3]);
        Assert.Equal(8UL, installed.Slot);
        Assert.Equal(checkpoint, installed.Payload);
        Assert.Equal(9UL, cluster[3].FirstSlot);
        Assert.Equal(10UL, cluster[3].CommitSlot);
        Assert.Equal(["e9", "e10"], cluster.AppliedTexts(3));
        Assert.Equal(9UL, cluster.Stores[3].Load().FirstSlot);
    }

    [Fact]
    public void A_snapshot_must_reach_the_leaders_log_and_be_committed()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 1 });
        cluster.Elect(1);
        cluster.ProposeAndDeliver(1, "a", "b", "c");
        cluster[1].Compact(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => cluster[1].SendSnapshot(3, 1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster[1].SendSnapshot(3, 4, []));
        Assert.Throws<ArgumentException>(() => cluster[1].SendSnapshot(7, 2, []));
        Assert.False(cluster[2].SendSnapshot(3, 2, []));
        Assert.True(cluster[1].SendSnapshot(3, 2, []));
    }
}
