using Plover.Linearizability;
using static Plover.Linearizability.Tests.Ops;

namespace Plover.Linearizability.Tests;

public class SearchBoundTests
{
    /// <summary>
    /// Increments of distinct powers of two whose replies never came, then a read of a total no
    /// subset of them adds up to: every subset of the increments is a distinct reachable state, so
    /// a refutation has to visit all 2^n of them. A small bound must stop it first.
    /// </summary>
    private static KvOperation[] HardHistory(int increments = 16)
    {
        var ops = new List<KvOperation>();
        for (int i = 0; i < increments; i++) ops.Add(Pending(i, 0, IncrBy("n", 1L << i)));
        ops.Add(Op(99, 200, 210, Get("n"), Val("-1")));
        return [.. ops];
    }

    [Fact]
    public void A_search_past_its_state_bound_is_inconclusive_and_says_why()
    {
        LinearizabilityResult result = KvLinearizability.Check(HardHistory(), new SearchLimits(StatesMax: 1000));
        Assert.Equal(Verdict.Inconclusive, result.Verdict);
        Assert.Contains("inconclusive", result.Explanation);
        Assert.Contains("StatesMax", result.Explanation);
        Assert.InRange(result.StatesExplored, 1000, 1001);
    }

    [Fact]
    public void A_search_past_its_memory_bound_is_inconclusive_and_says_why()
    {
        LinearizabilityResult result = KvLinearizability.Check(HardHistory(), new SearchLimits(MemoryBytesMax: 64 * 1024));
        Assert.Equal(Verdict.Inconclusive, result.Verdict);
        Assert.Contains("MemoryBytesMax", result.Explanation);
    }

    [Fact]
    public void A_definite_failure_elsewhere_outweighs_an_inconclusive_partition()
    {
        KvOperation[] history = [.. HardHistory(), Op(1, 0, 1, Set("y", "a"), Ok), Op(2, 5, 6, Get("y"), Nil)];
        LinearizabilityResult result = KvLinearizability.Check(history, new SearchLimits(StatesMax: 1000));
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Equal(["y"], result.Failure!.Keys);
        Assert.Contains(result.Partitions, p => p.Verdict == Verdict.Inconclusive);
    }

    [Fact]
    public void Memoization_decides_the_hard_history_within_the_default_bound()
    {
        // Without memoization this is 16! orders; with it, 2^16 subsets, each visited once.
        LinearizabilityResult result = KvLinearizability.Check(HardHistory());
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Equal((1L << 16) - 1, result.StatesExplored);
    }
}
