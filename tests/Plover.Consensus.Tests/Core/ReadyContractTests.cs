using Plover.Consensus.Messages;

namespace Plover.Consensus.Tests.Core;

/// <summary>The host contract: one Ready at a time, what must be synced, what is reported once.</summary>
public class ReadyContractTests
{
    [Fact]
    public void A_second_Ready_before_Advance_and_an_Advance_of_a_foreign_Ready_are_refused()
    {
        var cluster = new TestCluster();
        cluster[1].StartElection();
        Ready ready = cluster[1].Ready();

        Assert.False(cluster[1].HasReady);
        Assert.Throws<InvalidOperationException>(() => cluster[1].Ready());
        cluster[2].StartElection();
        Ready foreign = cluster[2].Ready();
        Assert.Throws<InvalidOperationException>(() => cluster[1].Advance(foreign));
        cluster[1].Advance(ready);
        Assert.Throws<InvalidOperationException>(() => cluster[1].Advance(ready));
    }

    [Fact]
    public void A_promise_waits_in_the_Ready_that_persists_it_and_that_Ready_must_be_synced()
    {
        var cluster = new TestCluster();
        cluster[3].Step(new Prepare(1, new Ballot(1, 1), 1, 0));

        Ready ready = cluster[3].Ready();

        Assert.True(ready.MustSync);
        Assert.Equal(new Ballot(1, 1), ready.HardState?.Promised);
        Assert.IsType<Promise>(Assert.Single(ready.Messages).Message);
    }

    [Fact]
    public void An_acceptance_waits_in_the_Ready_that_persists_the_entries_and_that_Ready_must_be_synced()
    {
        var cluster = new TestCluster();
        var value = SlotValue.Batch([TestCluster.Bytes("v")]);
        cluster[3].Step(new Accept(1, new Ballot(1, 1), 1, 0, [value]));

        Ready ready = cluster[3].Ready();

        Assert.True(ready.MustSync);
        Assert.Equal(value, Assert.Single(ready.Entries).Value);
        var reply = Assert.IsType<Accepted>(Assert.Single(ready.Messages).Message);
        Assert.Equal(1UL, reply.Through);
    }

    [Fact]
    public void A_commit_slot_change_alone_is_persisted_without_a_sync()
    {
        var cluster = new TestCluster();
        var value = SlotValue.Batch([TestCluster.Bytes("v")]);
        cluster[3].Step(new Accept(1, new Ballot(1, 1), 1, 0, [value]));
        cluster.Process(3);

        cluster[3].Step(new Heartbeat(1, new Ballot(1, 1), 1));
        Ready ready = cluster[3].Ready();

        Assert.False(ready.MustSync);
        Assert.Equal(1UL, ready.HardState?.CommitSlot);
        Assert.Empty(ready.Entries);
        Assert.Equal(1UL, Assert.Single(ready.CommittedEntries).Slot);
    }

    [Fact]
    public void A_leadership_change_is_reported_exactly_once()
    {
        var cluster = new TestCluster();
        cluster.Elect(1);
        cluster.Heartbeat(1);
        cluster.Heartbeat(1);

        var leaderChanges = cluster.Readies[1].Where(r => r.SoftState is not null).Select(r => r.SoftState!.Value).ToList();
        Assert.Equal([new SoftState(NodeRole.Candidate, null, Ballot.Zero), new SoftState(NodeRole.Leader, 1, new Ballot(1, 1))], leaderChanges);
        var followerChanges = cluster.Readies[2].Where(r => r.SoftState is not null).Select(r => r.SoftState!.Value).ToList();
        Assert.Equal(new SoftState(NodeRole.Follower, 1, new Ballot(1, 1)), Assert.Single(followerChanges));
    }

    [Fact]
    public void Committed_entries_handed_out_per_Ready_are_bounded()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 1, CommittedSlotsPerReadyMax = 4 });
        cluster.Elect(1);
        for (int i = 0; i < 10; i++) cluster[1].Propose([(byte)i]);
        cluster.Deliver();

        Assert.Equal(10, cluster.Applied[1].Count);
        Assert.All(cluster.Readies[1], r => Assert.True(r.CommittedEntries.Count <= 4));
    }
}
