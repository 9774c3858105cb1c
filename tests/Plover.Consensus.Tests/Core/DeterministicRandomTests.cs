namespace Plover.Consensus.Tests.Core;

public class DeterministicRandomTests
{
    [Fact]
    public void The_sequence_is_a_function_of_the_seed()
    {
        var a = new DeterministicRandom(42);
        var b = new DeterministicRandom(42);
        var c = new DeterministicRandom(43);
        ulong[] first = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 100).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void Ranges_are_inclusive_and_cover_every_value()
    {
        var random = new DeterministicRandom(7);
        var seen = new HashSet<long>();
        for (int i = 0; i < 2_000; i++)
        {
            long value = random.NextInRange(-3, 3);
            Assert.InRange(value, -3, 3);
            seen.Add(value);
        }
        Assert.Equal(7, seen.Count);
        Assert.Equal(5, random.NextInRange(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInRange(2, 1));
        Assert.All(Enumerable.Range(0, 1000).Select(_ => random.NextDouble()), d => Assert.InRange(d, 0.0, 0.9999999999));
    }

    [Fact]
    public void Streams_of_one_seed_differ_and_each_is_a_function_of_seed_and_stream()
    {
        ulong[] Draw(DeterministicRandom r) => Enumerable.Range(0, 100).Select(_ => r.NextUInt64()).ToArray();
        Assert.NotEqual(Draw(DeterministicRandom.ForStream(42, 0)), Draw(DeterministicRandom.ForStream(42, 1)));
        Assert.Equal(Draw(DeterministicRandom.ForStream(42, 3)), Draw(DeterministicRandom.ForStream(42, 3)));
    }

    [Fact]
    public void Draws_below_a_bound_stay_below_it_and_cover_it_evenly()
    {
        var random = new DeterministicRandom(1);
        var counts = new int[10];
        for (int i = 0; i < 100_000; i++) counts[random.NextBelow(10)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(random.NextBelow(3) < 3));
        Assert.Equal(0UL, random.NextBelow(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextBelow(0));
    }

    [Fact]
    public void Doubles_fall_in_the_unit_interval_around_one_half()
    {
        var random = new DeterministicRandom(9);
        double[] draws = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble()).ToArray();
        Assert.All(draws, d => Assert.InRange(d, 0, 0.9999999999999999));
        Assert.InRange(draws.Average(), 0.49, 0.51);
    }
}
