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
}
