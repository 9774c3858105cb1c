using Plover.Engine.Transport;

namespace Plover.Engine.Tests.Transport;

public class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(2);

    [Fact]
    public void Delays_grow_to_the_maximum_and_stay_within_bounds()
    {
        var backoff = new ReconnectBackoff(Min, Max, new Random(7));
        var delays = Enumerable.Range(0, 40).Select(_ => backoff.Next()).ToList();

        Assert.All(delays, d => Assert.InRange(d, Min, Max));
        Assert.True(delays[0] <= TimeSpan.FromMilliseconds(50));
        // From the seventh attempt on, the ceiling is the maximum: each delay is at least half of it.
        Assert.All(delays.Skip(6), d => Assert.InRange(d, Max / 2, Max));
    }

    [Fact]
    public void Reset_starts_again_from_the_minimum()
    {
        var backoff = new ReconnectBackoff(Min, Max, new Random(7));
        for (int i = 0; i < 10; i++) backoff.Next();
        backoff.Reset();
        Assert.Equal(Min, backoff.Next());
    }

    [Fact]
    public void Jitter_is_a_function_of_the_seed()
    {
        List<TimeSpan> Run(int seed)
        {
            var backoff = new ReconnectBackoff(Min, Max, new Random(seed));
            return Enumerable.Range(0, 12).Select(_ => backoff.Next()).ToList();
        }

        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }
}
