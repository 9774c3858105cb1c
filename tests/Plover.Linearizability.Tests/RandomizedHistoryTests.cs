using Plover.Linearizability;

namespace Plover.Linearizability.Tests;

/// <summary>
/// Histories generated from a sequential execution must pass; the same histories with one reply
/// changed so that no order can explain it must fail.
/// </summary>
public class RandomizedHistoryTests
{
    private const int CounterSeeds = 150;

    /// <summary>
    /// Operations, clients, keys, lost replies per thousand operations, seeds. Multi-key operations join most keys
    /// into one partition, and a failing history makes the search exhaust every order before the
    /// failure, so the larger shapes get fewer seeds.
    /// </summary>
    public static IEnumerable<object[]> Shapes() =>
    [
        [40, 3, 2, 100, 150],
        [100, 5, 4, 30, 40],
        [200, 6, 12, 10, 25],
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Histories_from_a_sequential_execution_are_linearizable(int operations, int clients, int keys, int lostPerThousand, int seeds)
    {
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var generated = new SequentialHistoryGenerator(seed).Generate(operations, clients, keys, lostPerThousand / 1000.0);
            LinearizabilityResult result = KvLinearizability.Check(generated.History);
            Assert.True(result.IsLinearizable, $"seed {seed}: {result.Explanation}");
            foreach (PartitionReport partition in result.Partitions)
                LinearizationReplay.AssertValid(generated.History, partition);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_read_of_a_value_never_written_makes_them_fail(int operations, int clients, int keys, int lostPerThousand, int seeds)
    {
        int perturbed = 0;
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            List<KvOperation> history = new SequentialHistoryGenerator(seed).Generate(operations, clients, keys, lostPerThousand / 1000.0).History;
            int target = history.FindIndex(o => o is { Command: KvCommand.Get, Result: not null });
            if (target < 0) continue;
            history[target] = history[target] with { Result = new KvResult.Bulk("never-written") };
            AssertFailsAt(history, target, seed);
            perturbed++;
        }
        Assert.True(perturbed > seeds / 2, $"only {perturbed} histories had a read to perturb");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_stale_read_makes_them_fail(int operations, int clients, int keys, int lostPerThousand, int seeds)
    {
        int perturbed = 0;
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            List<KvOperation> history = new SequentialHistoryGenerator(seed).Generate(operations, clients, keys, lostPerThousand / 1000.0).History;
            if (StaleRead.TryPlant(history) is not { } target) continue;
            AssertFailsAt(history, target, seed);
            perturbed++;
        }
        Assert.True(perturbed > seeds / 4, $"only {perturbed} histories had a stale read to plant");
    }

    [Fact]
    public void A_lost_increment_makes_counter_histories_fail()
    {
        int perturbed = 0;
        for (ulong seed = 1; seed <= CounterSeeds; seed++)
        {
            List<KvOperation> history = new SequentialHistoryGenerator(seed).Generate(80, 6, 2, indeterminate: 0, countersOnly: true).History;
            Assert.True(KvLinearizability.Check(history).IsLinearizable, $"seed {seed}: unperturbed counter history failed");
            // Give a later increment the reply of an earlier one on the same key that finished before it began.
            int later = history.FindLastIndex(o => history.Any(e => Precedes(e, o)));
            if (later < 0) continue;
            KvOperation earlier = history.First(e => Precedes(e, history[later]));
            history[later] = history[later] with { Result = earlier.Result };
            AssertFailsAt(history, later, seed);
            perturbed++;
        }
        Assert.True(perturbed > CounterSeeds / 2);
    }

    private static bool Precedes(KvOperation e, KvOperation o) =>
        e.Command.Keys[0] == o.Command.Keys[0] && e.Return < o.Call;

    private static void AssertFailsAt(List<KvOperation> history, int target, ulong seed)
    {
        LinearizabilityResult result = KvLinearizability.Check(history);
        Assert.True(result.Verdict == Verdict.NotLinearizable, $"seed {seed}: perturbed #{target} but got {result.Explanation}");
        Assert.Contains(target, result.Failure!.Operations);
        Assert.Contains(history[target].Command.Keys[0], result.Failure.Keys);
    }
}
