using Plover.Consensus.Messages;
using Plover.Consensus.Storage;

namespace Plover.Consensus.Tests.Core;

/// <summary>Phase 2: proposals, batching, pipelining, commit, retransmission and catch-up by entries.</summary>
public class ReplicationTests
{
    [Fact]
    public void A_proposal_at_a_follower_is_refused_naming_the_leader()
    {
        var cluster = new TestCluster();
        Assert.Equal(new ProposeResult(ProposeStatus.NotLeader, null), cluster[2].Propose([1]));

        cluster.Elect(1);
        cluster.Heartbeat(1);

        ProposeResult result = cluster[2].Propose([1]);
        Assert.Equal(ProposeStatus.NotLeader, result.Status);
        Assert.Equal(1, result.LeaderId);
        Assert.Equal("not leader, leader is 1", result.ToString());
    }

    [Fact]
    public void A_proposal_commits_only_once_a_majority_has_durably_accepted_it()
    {
        var cluster = new TestCluster();
        cluster.Elect(1);
        cluster.Deliver();

        Assert.True(cluster[1].Propose(TestCluster.Bytes("a")).IsAccepted);
        cluster.Process(1);
        Assert.Equal(0UL, cluster[1].CommitSlot);
        Assert.Empty(cluster.Applied[1]);

        // Node 2's acknowledgement (sent after its write) completes the majority with the leader's own copy.
        cluster.Deliver((from, to, m) => to != 3);

        Assert.Equal(1UL, cluster[1].CommitSlot);
        Assert.Equal(["a"], cluster.AppliedTexts(1));
        Assert.Equal(new Ballot(1, 1), cluster.Stores[2].Load().Entries.Single().Ballot);
    }

    [Fact]
    public void Proposals_are_batched_into_slots_and_come_out_one_per_proposal_in_order()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 3 });
        cluster.Elect(1);
        string[] payloads = ["p0", "p1", "p2", "p3", "p4", "p5", "p6"];

        cluster.ProposeAndDeliver(1, payloads);

        List<CommittedEntry> applied = cluster.Applied[1];
        Assert.Equal(payloads, applied.Select(e => TestCluster.Text(e.Payload)));
        Assert.Equal([1UL, 1, 1, 2, 2, 2, 3], applied.Select(e => e.Slot));
        Assert.Equal([0, 1, 2, 0, 1, 2, 0], applied.Select(e => e.Index));
        Assert.Equal([3, 3, 3, 3, 3, 3, 1], applied.Select(e => e.CountInSlot));
        Assert.All(new[] { 2, 3 }, id => Assert.Equal(payloads, cluster.AppliedTexts(id)));
    }

    [Fact]
    public void One_Ready_carries_every_proposal_made_since_the_last_one_for_one_synced_write()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 2 });
        cluster.Elect(1);
        cluster.Deliver();
        for (int i = 0; i < 10; i++) cluster[1].Propose([(byte)i]);

        Ready ready = cluster[1].Ready();

        Assert.Equal(5, ready.Entries.Count);
        Assert.True(ready.MustSync);
        // The accepts may leave before the leader's own write: its promise of the ballot is durable.
        Assert.Empty(ready.Messages);
        Assert.NotEmpty(ready.EarlyMessages);
        Assert.All(ready.EarlyMessages.Select(m => m.Message), m => Assert.IsType<Accept>(m));
        cluster[1].Advance(ready);
    }

    [Fact]
    public void The_leader_sends_its_accepts_before_its_own_write_but_counts_its_copy_only_once_the_write_is_durable()
    {
        var cluster = new TestCluster();
        cluster.Elect(1);
        cluster.Deliver();
        Assert.True(cluster[1].Propose(TestCluster.Bytes("a")).IsAccepted);

        Ready ready = cluster[1].Ready();
        Assert.Equal([2, 3], ready.EarlyMessages.Where(m => m.Message is Accept).Select(m => m.To).Order());
        Assert.DoesNotContain(ready.Messages, m => m.Message is Accept);

        // Node 2 writes and acknowledges while the leader's own write is still under way.
        cluster[2].Step(ready.EarlyMessages.Single(m => m.To == 2).Message);
        cluster.Process(2);
        cluster.Deliver((from, to, m) => to == 1);
        Assert.Equal(0UL, cluster[1].CommitSlot);
        Assert.Empty(cluster.Stores[1].Load().Entries);

        // Its write is durable: with node 2's copy, a majority holds slot 1.
        cluster.Stores[1].Persist(PersistBatch.From(ready) with { Sync = true });
        cluster[1].Advance(ready);
        Assert.Equal(1UL, cluster[1].CommitSlot);
    }

    [Fact]
    public void Followers_and_candidates_send_nothing_before_their_write()
    {
        var cluster = new TestCluster();
        cluster[1].StartElection();
        Ready campaign = cluster[1].Ready();
        Assert.Empty(campaign.EarlyMessages);
        Assert.NotEmpty(campaign.Messages);
        cluster.Stores[1].Persist(PersistBatch.From(campaign) with { Sync = true });
        cluster[1].Advance(campaign);
        cluster.Elect(1);
        cluster.Deliver();
        Assert.True(cluster[1].Propose(TestCluster.Bytes("a")).IsAccepted);
        cluster.Deliver();

        Assert.All(cluster.Readies[2].Concat(cluster.Readies[3]), r => Assert.Empty(r.EarlyMessages));
        Assert.Contains(cluster.Readies[2], r => r.Messages.Any(m => m.Message is Accepted));
    }

    [Fact]
    public void The_leader_proposes_at_most_the_pipeline_window_beyond_its_commit_slot()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 1, PipelineSlotsMax = 2 });
        cluster.Elect(1);
        cluster.Deliver();
        for (int i = 0; i < 5; i++) cluster[1].Propose([(byte)i]);

        cluster.Process(1);

        Assert.Equal(2UL, cluster[1].LastSlot);
        Assert.Equal(3, cluster[1].QueuedProposals);
        cluster.Deliver();
        cluster.Heartbeat(1);
        Assert.Equal(5UL, cluster[1].CommitSlot);
        Assert.Equal(0, cluster[1].QueuedProposals);
    }

    [Fact]
    public void A_full_proposal_queue_answers_queue_full_and_an_oversized_payload_is_refused()
    {
        var cluster = new TestCluster(configure: c => c with { ProposalsQueuedMax = 2, PayloadBytesMax = 10 });
        cluster.Elect(1);

        Assert.True(cluster[1].Propose([1]).IsAccepted);
        Assert.True(cluster[1].Propose([2]).IsAccepted);
        Assert.Equal(ProposeStatus.QueueFull, cluster[1].Propose([3]).Status);
        var error = Assert.Throws<ArgumentException>(() => cluster[1].Propose(new byte[11]));
        Assert.Contains("PayloadBytesMax", error.Message);
    }

    [Fact]
    public void A_lost_accept_is_resent_from_the_gap_the_follower_reports()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 1, AcceptSlotsMax = 1 });
        cluster.Elect(1);
        cluster.Deliver();
        foreach (string p in new[] { "a", "b", "c" }) cluster[1].Propose(TestCluster.Bytes(p));
        bool dropped = false;

        cluster.Deliver((from, to, m) =>
        {
            if (dropped || to != 2 || m is not Accept { FirstSlot: 1 }) return true;
            dropped = true;
            return false;
        });
        cluster.Heartbeat(1);

        Assert.True(dropped);
        Assert.Equal(["a", "b", "c"], cluster.AppliedTexts(2));
        Assert.Equal(3UL, cluster[2].CommitSlot);
    }

    [Fact]
    public void A_follower_that_missed_everything_is_caught_up_with_accepts_from_its_commit_slot()
    {
        var cluster = new TestCluster(configure: c => c with { BatchEntriesMax = 1, AcceptSlotsMax = 2 });
        cluster.Elect(1);
        for (int i = 0; i < 10; i++) cluster[1].Propose([(byte)i]);
        cluster.Deliver((from, to, m) => to != 3 && from != 3);
        Assert.Equal(10UL, cluster[1].CommitSlot);
        Assert.Equal(0UL, cluster[3].CommitSlot);

        for (int round = 0; round < 10 && cluster[3].CommitSlot < 10; round++) cluster.Heartbeat(1);

        Assert.Equal(10UL, cluster[3].CommitSlot);
        Assert.Equal(cluster.Applied[1].Select(e => e.Payload[0]), cluster.Applied[3].Select(e => e.Payload[0]));
    }

    [Fact]
    public void A_duplicated_accept_changes_nothing()
    {
        var cluster = new TestCluster();
        cluster.Elect(1);
        cluster[1].Propose(TestCluster.Bytes("once"));
        cluster.Process(1);
        var accept = (Accept)cluster.InFlight.First(m => m.To == 2 && m.Message is Accept).Message;

        cluster.Deliver();
        cluster.Heartbeat(1);
        cluster[2].Step(accept);
        cluster.Process(2);

        Assert.Equal(["once"], cluster.AppliedTexts(2));
        var reply = Assert.IsType<Accepted>(cluster.InFlight[^1].Message);
        Assert.Equal(1UL, reply.Through);
        Assert.Empty(cluster.Readies[2][^1].Entries);
    }
}
