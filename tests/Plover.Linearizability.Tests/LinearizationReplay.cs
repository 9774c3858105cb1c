using Plover.Linearizability;

namespace Plover.Linearizability.Tests;

/// <summary>Checks a reported linearization independently: it respects real time and reproduces every reply.</summary>
internal static class LinearizationReplay
{
    public static void AssertValid(IReadOnlyList<KvOperation> history, PartitionReport partition)
    {
        Assert.NotNull(partition.Linearization);
        IReadOnlyList<int> order = partition.Linearization!;
        // Every operation is placed once; indeterminate ones too (placed last, they change nothing anyone saw).
        Assert.Equal(partition.Operations.Order(), order.Order());
        // Real time: nothing placed after an operation may have returned before that operation was called.
        for (int a = 0; a < order.Count; a++)
            for (int b = a + 1; b < order.Count; b++)
                Assert.False(history[order[b]].Return < history[order[a]].Call,
                    $"#{order[b]} returned before #{order[a]} was called, yet follows it");
        PartitionState state = PartitionState.Empty(partition.Keys.Count);
        var slots = partition.Keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        foreach (int i in order)
        {
            (KvResult result, state) = KvModel.Apply(state, history[i].Command, history[i].Command.Keys.Select(k => slots[k]).ToArray());
            if (history[i].Result is { } observed) Assert.True(result.Matches(observed), $"#{i}: replay gives {result}, history says {observed}");
        }
    }
}
