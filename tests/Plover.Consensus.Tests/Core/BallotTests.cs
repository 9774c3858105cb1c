namespace Plover.Consensus.Tests.Core;

public class BallotTests
{
    [Fact]
    public void Ballots_order_by_round_then_node_and_the_packing_keeps_that_order()
    {
        Ballot[] ordered = [Ballot.Zero, new(1, 1), new(1, 3), new(2, 1), new(Ballot.RoundMax, Ballot.NodeMax)];
        for (int i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i - 1] < ordered[i]);
            Assert.True(ordered[i - 1].ToUInt64() < ordered[i].ToUInt64());
        }
        Assert.All(ordered, b => Assert.Equal(b, Ballot.FromUInt64(b.ToUInt64())));
        Assert.Equal("5.2", new Ballot(5, 2).ToString());
    }

    [Fact]
    public void Out_of_range_parts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ballot(Ballot.RoundMax + 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ballot(1, Ballot.NodeMax + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ballot(1, -1));
    }
}
