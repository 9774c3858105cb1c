using Plover.Bench.Load;

namespace Plover.Bench.Tests.Load;

public sealed class SeededRandomTests
{
    [Fact]
    public void The_same_seed_draws_the_same_sequence_and_another_seed_does_not()
    {
        ulong[] Draw(SeededRandom r) => Enumerable.Range(0, 100).Select(_ => r.NextUInt64()).ToArray();
        Assert.Equal(Draw(new SeededRandom(42)), Draw(new SeededRandom(42)));
        Assert.NotEqual(Draw(new SeededRandom(42)), Draw(new SeededRandom(43)));
        Assert.NotEqual(Draw(SeededRandom.ForStream(42, 0)), Draw(SeededRandom.ForStream(42, 1)));
        Assert.Equal(Draw(SeededRandom.ForStream(42, 3)), Draw(SeededRandom.ForStream(42, 3)));
    }

    [Fact]
    public void Draws_below_a_bound_stay_below_it_and_cover_it_evenly()
    {
        var random = new SeededRandom(1);
        var counts = new int[10];
        for (int i = 0; i < 100_000; i++) counts[random.NextBelow(10)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(random.NextBelow(3) < 3));
        Assert.Equal(0UL, random.NextBelow(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextBelow(0));
    }

    [Fact]
    public void Doubles_fall_in_the_unit_interval()
    {
        var random = new SeededRandom(9);
        double[] draws = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble()).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 0, 0.9999999999999999));
        Assert.InRange(draws.Average(), 0.49, 0.51);
    }
}
