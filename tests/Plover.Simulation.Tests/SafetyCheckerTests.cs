using Plover.Consensus;
using Plover.Consensus.Messages;
using Plover.Consensus.Storage;

namespace Plover.Simulation.Tests;

/// <summary>The checker must catch each violation it claims to check, not merely pass good runs.</summary>
public class SafetyCheckerTests
{
    private static readonly Ballot B1 = new(1, 1);
    private static readonly Ballot B2 = new(2, 2);

    private static SlotValue Value(ulong id) => SlotValue.Batch([Payloads.Make(id, 4)]);

    private static (SafetyChecker Checker, StoreImage[] Images) Setup(params ulong[] proposed)
    {
        var checker = new SafetyChecker(3);
        foreach (ulong id in proposed) checker.OnProposed(id);
        return (checker, [new StoreImage(), new StoreImage(), new StoreImage()]);
    }

    private static void Accept(SafetyChecker checker, StoreImage[] images, int node, ulong slot, Ballot ballot, SlotValue value)
    {
        var batch = new PersistBatch(new HardState(Ballot.Max(ballot, images[node - 1].Promised), 0, 1), [new LogEntry(slot, ballot, value)], true, []);
        images[node - 1].Apply(batch);
        checker.OnDurable(node, images[node - 1], [batch]);
    }

    [Fact]
    public void Accepting_another_value_in_a_ballot_above_the_chosen_one_is_caught()
    {
        var (checker, images) = Setup(1, 2);
        Accept(checker, images, 1, 1, B1, Value(1));
        Accept(checker, images, 2, 1, B1, Value(1));
        Assert.Equal(Value(1), checker.ChosenValue(1));

        var error = Assert.Throws<SimulationViolationException>(() => Accept(checker, images, 3, 1, B2, Value(2)));
        Assert.Contains("slot 1", error.Message);
        Assert.Contains("was chosen", error.Message);
    }

    [Fact]
    public void Accepting_below_a_durable_promise_is_caught()
    {
        var (checker, images) = Setup(1, 2);
        Accept(checker, images, 2, 1, B2, Value(2));
        var error = Assert.Throws<SimulationViolationException>(() => Accept(checker, images, 2, 2, B1, Value(1)));
        Assert.Contains("below its durable promise 2.2", error.Message);
    }

    [Fact]
    public void A_value_nobody_proposed_or_one_chosen_twice_is_caught()
    {
        var (checker, images) = Setup(1);
        Accept(checker, images, 1, 1, B1, Value(9));
        Assert.Contains("no client proposed", Assert.Throws<SimulationViolationException>(() => Accept(checker, images, 2, 1, B1, Value(9))).Message);

        (checker, images) = Setup(1);
        Accept(checker, images, 1, 1, B1, Value(1));
        Accept(checker, images, 2, 1, B1, Value(1));
        Accept(checker, images, 1, 2, B1, Value(1));
        Assert.Contains("chosen twice", Assert.Throws<SimulationViolationException>(() => Accept(checker, images, 2, 2, B1, Value(1))).Message);
    }

    [Fact]
    public void Applying_an_unchosen_or_different_value_is_caught()
    {
        var (checker, images) = Setup(1, 2);
        var committed = new CommittedEntry(1, 0, 1, Payloads.Make(1, 4), IsNoOp: false);
        Assert.Contains("not chosen", Assert.Throws<SimulationViolationException>(() => checker.OnApplied(2, committed)).Message);

        Accept(checker, images, 1, 1, B1, Value(1));
        Accept(checker, images, 2, 1, B1, Value(1));
        checker.OnApplied(2, committed);
        var other = committed with { Payload = Payloads.Make(2, 4) };
        Assert.Throws<SimulationViolationException>(() => checker.OnApplied(2, other));
    }

    [Fact]
    public void A_promise_or_acceptance_sent_before_it_is_durable_is_caught()
    {
        var (checker, images) = Setup(1);
        Assert.Contains("durable promise", Assert.Throws<SimulationViolationException>(() =>
            checker.OnSend(2, images[1], new Promise(2, B1, 1, 0, 0, []))).Message);

        Accept(checker, images, 2, 1, B1, Value(1));
        checker.OnSend(2, images[1], new Accepted(2, B1, 1, 0, 1));
        Assert.Contains("slot 2 is not durable", Assert.Throws<SimulationViolationException>(() =>
            checker.OnSend(2, images[1], new Accepted(2, B1, 2, 0, 2))).Message);
        Assert.Contains("claiming slot 1 chosen", Assert.Throws<SimulationViolationException>(() =>
            checker.OnSend(2, images[1], new Accepted(2, B1, 1, 1, 0))).Message);
    }

    [Fact]
    public void A_decreasing_promise_is_caught()
    {
        var (checker, images) = Setup();
        var raise = new PersistBatch(new HardState(B2, 0, 1), [], true, []);
        images[0].Apply(raise);
        checker.OnDurable(1, images[0], [raise]);
        var lower = new PersistBatch(new HardState(B1, 0, 1), [], true, []);
        images[0].Apply(lower);
        Assert.Contains("down to", Assert.Throws<SimulationViolationException>(() => checker.OnDurable(1, images[0], [lower])).Message);
    }

    [Fact]
    public void An_acknowledged_proposal_held_by_fewer_than_a_majority_is_caught()
    {
        var (checker, images) = Setup(1);
        Accept(checker, images, 1, 1, B1, Value(1));
        Accept(checker, images, 2, 1, B1, Value(1));
        checker.OnAcknowledged(1, 1, 0);
        checker.CheckSurvival(images, [0, 0, 0]);

        images[1] = new StoreImage();
        var error = Assert.Throws<SimulationViolationException>(() => checker.CheckSurvival(images, [0, 0, 0]));
        Assert.Contains("durable on only 1 node", error.Message);
        Assert.Contains("not chosen there", Assert.Throws<SimulationViolationException>(() => checker.OnAcknowledged(1, 2, 0)).Message);
    }
}
