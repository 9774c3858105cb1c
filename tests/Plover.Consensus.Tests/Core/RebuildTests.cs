using Plover.Consensus.Messages;

namespace Plover.Consensus.Tests.Core;

/// <summary>A node whose store was lost does not vote until a leader has rebuilt and promoted it.</summary>
public class RebuildTests
{
    private static TestCluster ClusterWithLostStore(int lost)
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 1 });
        cluster.Elect(1);
        cluster.ProposeAndDeliver(1, "a", "b", "c");
        cluster.Stores[lost].LoseDisk();
        cluster.Restart(lost, appliedSlot: 0);
        cluster.Applied[lost].Clear();
        cluster.Readies[lost].Clear();
        return cluster;
    }

    [Fact]
    public void A_node_being_rebuilt_neither_promises_nor_campaigns()
    {
        var cluster = ClusterWithLostStore(3);
        Assert.True(cluster[3].IsRebuilding);

        cluster[3].Step(new Prepare(2, new Ballot(9, 2), 4, 3));
        cluster[3].StartElection();
        cluster.Tick(3, 3 * cluster.ConfigFor(3).ElectionTicksMax);

        Assert.DoesNotContain(cluster.InFlight, m => m.From == 3);
        Assert.Equal(Ballot.Zero, cluster[3].Promised);
        Assert.Equal(NodeRole.Follower, cluster[3].Role);
    }

    [Fact]
    public void It_learns_from_the_leader_but_acknowledges_only_slots_it_knows_chosen()
    {
        var cluster = ClusterWithLostStore(3);
        var learnerReplies = new List<Accepted>();

        // Deliver everything except the leader's reaction, to watch what the learner says.
        cluster.Heartbeat(1);
        foreach (Ready ready in cluster.Readies[3])
            learnerReplies.AddRange(ready.Messages.Select(m => m.Message).OfType<Accepted>());

        Assert.NotEmpty(learnerReplies);
        Assert.All(learnerReplies, a => Assert.True(a.Learner));
        Assert.All(learnerReplies, a => Assert.Equal(a.Commit, a.Through));
    }

    [Fact]
    public void The_leader_renews_its_ballot_then_promotes_the_caught_up_learner_which_votes_again()
    {
        var cluster = ClusterWithLostStore(3);
        Ballot before = cluster[1].LeaderBallot;

        for (int round = 0; round < 20 && cluster[3].IsRebuilding; round++) cluster.Heartbeat(1);

        Assert.False(cluster[3].IsRebuilding);
        Assert.True(cluster[1].IsLeader);
        Assert.True(cluster[1].LeaderBallot > before, "the leader should have run phase 1 again after hearing from the learner");
        Assert.Equal(cluster[1].LeaderBallot, cluster[3].Promised);
        Assert.Equal(["a", "b", "c"], cluster.AppliedTexts(3));
        // The promotion reached the store in a synced write before the first vote left.
        Ready promoted = cluster.Readies[3].First(r => r.HardState is { Rebuilding: false });
        Assert.True(promoted.MustSync);
        Assert.False(cluster.Stores[3].Load().Rebuilding);
        Assert.Contains(promoted.Messages.Select(m => m.Message), m => m is Accepted { Learner: false });

        cluster.ProposeAndDeliver(1, "d");
        Assert.Equal(["a", "b", "c", "d"], cluster.AppliedTexts(3));
    }

    [Fact]
    public void A_promotion_before_catching_up_or_from_a_superseded_ballot_is_ignored()
    {
        var cluster = ClusterWithLostStore(3);
        Ballot leader = cluster[1].LeaderBallot;
        cluster[3].Step(new Heartbeat(1, leader, 3));
        Assert.Equal(0UL, cluster[3].CommitSlot);

        cluster[3].Step(new Promote(1, leader, 3));
        Assert.True(cluster[3].IsRebuilding);

        cluster[3].Step(new Heartbeat(2, new Ballot(leader.Round + 1, 2), 0));
        cluster[3].Step(new Promote(1, leader, 0));
        Assert.True(cluster[3].IsRebuilding);
        Ready ready = cluster[3].Ready();
        Assert.Contains(ready.Messages.Select(m => m.Message), m => m is Rejected { Ballot: var b } && b == leader);
    }
}
