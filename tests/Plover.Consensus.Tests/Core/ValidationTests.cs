using Plover.Consensus.Messages;

namespace Plover.Consensus.Tests.Core;

/// <summary>Bad peers, bad configs and bad durable state each fail with a specific error.</summary>
public class ValidationTests
{
    [Fact]
    public void A_message_from_a_non_member_or_from_the_node_itself_is_rejected()
    {
        var cluster = new TestCluster();
        var fromStranger = Assert.Throws<NonMemberMessageException>(() => cluster[1].Step(new Heartbeat(9, new Ballot(1, 9), 0)));
        Assert.Equal(9, fromStranger.From);
        Assert.Contains("not a peer", fromStranger.Message);
        Assert.Throws<NonMemberMessageException>(() => cluster[1].Step(new Heartbeat(1, new Ballot(1, 1), 0)));
    }

    [Fact]
    public void A_ballot_that_does_not_belong_to_its_sender_is_a_protocol_violation()
    {
        var cluster = new TestCluster();
        var error = Assert.Throws<ProtocolViolationException>(() => cluster[1].Step(new Accept(2, new Ballot(3, 3), 1, 0, [SlotValue.NoOp])));
        Assert.Equal(2, error.From);
        Assert.Equal(MessageKind.Accept, error.Kind);
        Assert.Throws<ProtocolViolationException>(() => cluster[1].Step(new Accepted(2, new Ballot(1, 2), 0, 0, 0)));
        Assert.Throws<ProtocolViolationException>(() => cluster[1].Step(new Rejected(2, new Ballot(4, 1), new Ballot(3, 2), 0, RejectReason.HigherBallot)));
    }

    [Fact]
    public void A_promise_reporting_a_value_accepted_at_or_above_the_prepared_ballot_is_a_protocol_violation()
    {
        var cluster = new TestCluster();
        cluster[1].StartElection();
        Ballot ballot = Assert.IsType<Prepare>(cluster[1].Ready().Messages[0].Message).Ballot;
        var bogus = new Promise(2, ballot, 1, 0, 0, [new LogEntry(1, ballot, SlotValue.NoOp)]);
        var error = Assert.Throws<ProtocolViolationException>(() => cluster[1].Step(bogus));
        Assert.Contains("not below the prepared ballot", error.Problem);
    }

    [Theory]
    [InlineData("HeartbeatTicks")]
    [InlineData("ElectionTicksMax")]
    [InlineData("NodeId")]
    [InlineData("Members")]
    [InlineData("FollowerAheadSlotsMax")]
    public void A_config_that_cannot_work_is_refused_naming_the_field(string field)
    {
        var config = new PaxosConfig { NodeId = 1, Members = [1, 2, 3] };
        config = field switch
        {
            "HeartbeatTicks" => config with { HeartbeatTicks = config.ElectionTicksMin },
            "ElectionTicksMax" => config with { ElectionTicksMax = config.ElectionTicksMin - 1 },
            "NodeId" => config with { NodeId = 4 },
            "Members" => config with { Members = [1, 2, 2] },
            _ => config with { FollowerAheadSlotsMax = config.InflightSlotsMax },
        };
        var error = Assert.Throws<ArgumentException>(() => new PaxosNode(config, DurableState.Empty, 0));
        Assert.StartsWith(field, error.Message);
    }

    [Fact]
    public void Durable_state_with_a_hole_below_the_commit_slot_or_an_entry_above_the_promise_is_refused()
    {
        var config = new PaxosConfig { NodeId = 1, Members = [1, 2, 3] };
        var ballot = new Ballot(1, 2);
        var hole = new DurableState(ballot, 1, 2, [new LogEntry(2, ballot, SlotValue.NoOp)]);
        Assert.Contains("committed slot 1 is missing", Assert.Throws<ArgumentException>(() => new PaxosNode(config, hole, 0)).Message);
        var abovePromise = new DurableState(new Ballot(1, 1), 1, 0, [new LogEntry(1, ballot, SlotValue.NoOp)]);
        Assert.Contains("above the promise", Assert.Throws<ArgumentException>(() => new PaxosNode(config, abovePromise, 0)).Message);
        var fine = new DurableState(ballot, 1, 1, [new LogEntry(1, ballot, SlotValue.NoOp)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaxosNode(config, fine, appliedSlot: 2));
    }
}
