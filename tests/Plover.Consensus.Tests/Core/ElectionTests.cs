using Plover.Consensus.Messages;

namespace Plover.Consensus.Tests.Core;

/// <summary>Phase 1: campaigning, promises, refusals, and the choice of values a new leader re-proposes.</summary>
public class ElectionTests
{
    [Fact]
    public void A_follower_that_hears_no_leader_campaigns_when_its_election_timeout_expires()
    {
        var cluster = new TestCluster();
        PaxosConfig config = cluster.ConfigFor(1);

        cluster.Tick(1, config.ElectionTicksMin - 1);
        Assert.Equal(NodeRole.Follower, cluster[1].Role);
        Assert.Empty(cluster.InFlight);

        for (int i = 0; i <= config.ElectionTicksMax - config.ElectionTicksMin && cluster[1].Role == NodeRole.Follower; i++) cluster.Tick(1);
        Assert.Equal(NodeRole.Candidate, cluster[1].Role);
        var prepares = cluster.InFlight.Select(m => m.Message).OfType<Prepare>().ToList();
        Assert.Equal([2, 3], cluster.InFlight.Select(m => m.To).Order());
        Assert.All(prepares, p => Assert.Equal(1, p.Ballot.Node));
        Assert.All(prepares, p => Assert.Equal(1UL, p.FromSlot));
    }

    [Fact]
    public void A_candidate_promises_its_own_ballot_only_once_a_majority_of_peers_has()
    {
        var cluster = new TestCluster();
        cluster[1].StartElection();
        cluster.Process(1);
        Assert.Equal(Ballot.Zero, cluster[1].Promised);
        Assert.All(cluster.Readies[1], r => Assert.Null(r.HardState));

        cluster.Deliver();

        Assert.True(cluster[1].IsLeader);
        Assert.Equal(new Ballot(1, 1), cluster[1].Promised);
        Assert.Equal(new Ballot(1, 1), cluster[1].LeaderBallot);
        Assert.Equal(new Ballot(1, 1), cluster.Stores[1].Load().Promised);
        Assert.All(new[] { 2, 3 }, id => Assert.Equal(1, cluster[id].LeaderId));
    }

    [Fact]
    public void An_acceptor_refuses_a_ballot_below_its_promise_and_names_the_promise()
    {
        var cluster = new TestCluster();
        cluster.Elect(2);

        cluster[3].Step(new Prepare(1, new Ballot(1, 1), 1, 0));
        cluster.Process(3);

        var refusal = Assert.IsType<Rejected>(Assert.Single(cluster.InFlight).Message);
        Assert.Equal(RejectReason.HigherBallot, refusal.Reason);
        Assert.Equal(new Ballot(1, 2), refusal.Promised);
        Assert.Equal(new Ballot(1, 2), cluster[3].Promised);
    }

    [Fact]
    public void An_acceptor_refuses_a_candidate_whose_commit_slot_is_behind_its_own()
    {
        var cluster = new TestCluster();
        cluster.Elect(1);
        cluster.ProposeAndDeliver(1, "a");
        cluster.ProposeAndDeliver(1, "b");
        Assert.Equal(2UL, cluster[3].CommitSlot);
        cluster.Restart(3, appliedSlot: 2);

        cluster[3].Step(new Prepare(2, new Ballot(9, 2), 1, 0));
        cluster.Process(3);

        var refusal = Assert.IsType<Rejected>(cluster.InFlight[^1].Message);
        Assert.Equal(RejectReason.CandidateBehind, refusal.Reason);
        Assert.Equal(2UL, refusal.AcceptorCommit);
        Assert.Equal(new Ballot(1, 1), cluster[3].Promised);
    }

    [Fact]
    public void A_follower_that_recently_heard_its_leader_ignores_a_candidate()
    {
        var cluster = new TestCluster();
        cluster.Elect(1);
        cluster.Heartbeat(1);

        cluster[3].Step(new Prepare(2, new Ballot(5, 2), 1, 0));
        cluster.Process(3);

        Assert.DoesNotContain(cluster.InFlight, m => m.From == 3);
        Assert.Equal(new Ballot(1, 1), cluster[3].Promised);
        Assert.Equal(1, cluster[3].LeaderId);
    }

    [Fact]
    public void Promises_come_in_pages_and_the_new_leader_re_proposes_every_reported_value_in_its_ballot()
    {
        var cluster = new TestCluster(configure: c => c with { PromiseEntriesMax = 2, BatchEntriesMax = 1 });
        cluster.Elect(1);
        foreach (string p in new[] { "a", "b", "c", "d", "e" }) cluster[1].Propose(TestCluster.Bytes(p));
        // Accepts reach both followers, but no acknowledgement gets back: nothing is known chosen.
        cluster.Deliver((from, to, m) => m is not Accepted);
        Assert.Equal(0UL, cluster[2].CommitSlot);
        cluster.Restart(2, appliedSlot: 0);
        cluster.Restart(3, appliedSlot: 0);

        cluster[3].StartElection();
        var pagesFromTwo = new List<Promise>();
        cluster.Deliver((from, to, m) =>
        {
            if (from == 2 && m is Promise p) pagesFromTwo.Add(p);
            return from != 1 && to != 1;
        });

        Assert.True(cluster[3].IsLeader);
        Assert.Equal([1UL, 3UL, 5UL], pagesFromTwo.Select(p => p.FromSlot));
        Assert.Equal([2, 2, 1], pagesFromTwo.Select(p => p.Entries.Count));
        for (ulong slot = 1; slot <= 5; slot++)
        {
            LogEntry entry = cluster[3].EntryAt(slot)!;
            Assert.Equal(cluster[3].LeaderBallot, entry.Ballot);
            Assert.Equal(((char)('a' + (int)slot - 1)).ToString(), TestCluster.Text(entry.Value.Payloads[0]));
        }
    }

    [Fact]
    public void A_new_leader_takes_the_highest_ballot_value_of_each_slot_and_fills_holes_with_no_ops()
    {
        var cluster = new TestCluster();
        SlotValue Value(string text) => SlotValue.Batch([TestCluster.Bytes(text)]);
        var promised = new Ballot(2, 3);
        cluster.Nodes[1] = cluster.NewNode(1, new DurableState(promised, 1, 0, [new LogEntry(1, new Ballot(1, 1), Value("x"))]), 0);
        cluster.Nodes[2] = cluster.NewNode(2, new DurableState(promised, 1, 0,
            [new LogEntry(1, new Ballot(2, 3), Value("y")), new LogEntry(3, new Ballot(2, 3), Value("w"))]), 0);

        cluster[1].StartElection();
        cluster.Deliver((from, to, m) => from != 3 && to != 3);
        Assert.True(cluster[1].IsLeader);
        cluster.Heartbeat(1);

        Assert.Equal(3UL, cluster[1].CommitSlot);
        List<CommittedEntry> applied = cluster.Applied[1];
        Assert.Equal("y", TestCluster.Text(applied[0].Payload));
        Assert.True(applied[1].IsNoOp);
        Assert.Equal(2UL, applied[1].Slot);
        Assert.Equal("w", TestCluster.Text(applied[2].Payload));
    }

    [Fact]
    public void A_candidate_refused_by_too_many_acceptors_gives_up()
    {
        var cluster = new TestCluster();
        cluster.Elect(1);
        cluster.ProposeAndDeliver(1, "a");
        cluster.Nodes[2] = cluster.NewNode(2, DurableState.Empty, 0);
        cluster.Restart(1, appliedSlot: 1);
        cluster.Restart(3, appliedSlot: 1);

        cluster[2].StartElection();
        cluster.Deliver();

        Assert.Equal(NodeRole.Follower, cluster[2].Role);
        Assert.Null(cluster[2].LeaderId);
        Assert.Equal(Ballot.Zero, cluster[2].Promised);
    }

    [Fact]
    public void A_leader_cut_off_from_the_majority_steps_down()
    {
        var cluster = new TestCluster();
        cluster.Elect(1);
        cluster.Deliver();
        PaxosConfig config = cluster.ConfigFor(1);

        for (int i = 0; i < 2 * config.ElectionTicksMax && cluster[1].IsLeader; i++)
        {
            cluster.Tick(1);
            cluster.DropAll();
        }

        Assert.Equal(NodeRole.Follower, cluster[1].Role);
        Assert.Null(cluster[1].LeaderId);
        Assert.Equal(NodeRole.Follower, cluster.Readies[1][^1].SoftState?.Role);
    }

    [Fact]
    public void A_leader_that_meets_a_higher_ballot_steps_down_and_hands_back_its_queued_proposals()
    {
        var cluster = new TestCluster();
        cluster.Elect(1);
        cluster[1].Propose(TestCluster.Bytes("queued"));

        cluster[1].Step(new Heartbeat(2, new Ballot(7, 2), 0));
        Ready ready = cluster[1].Ready();

        Assert.Equal(NodeRole.Follower, cluster[1].Role);
        Assert.Equal(2, cluster[1].LeaderId);
        Assert.Equal("queued", TestCluster.Text(Assert.Single(ready.DroppedProposals)));
        Assert.Equal(new SoftState(NodeRole.Follower, 2, new Ballot(7, 2)), ready.SoftState);
        Assert.Equal(new Ballot(7, 2), ready.HardState?.Promised);
    }
}
