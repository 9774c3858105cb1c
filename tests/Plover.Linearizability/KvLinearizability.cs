using Plover.Linearizability.Search;

namespace Plover.Linearizability;

/// <summary>
/// Checks key-value histories for linearizability. Each key partition (see <see cref="KeyPartition"/>)
/// is searched on its own with <see cref="KvModel"/> as the sequential specification; MSET, MGET and
/// multi-key DEL are checked on the joint partition of their keys. Indeterminate operations (no
/// reply) may take effect at any point after their call, or never, and any output is accepted for
/// them. Deterministic: the same history and limits give the same result.
/// </summary>
public static class KvLinearizability
{
    public static LinearizabilityResult Check(IReadOnlyList<KvOperation> history, SearchLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        HistoryValidation.Validate(history);
        limits ??= SearchLimits.Default;
        var reports = KeyPartition.Split(history).Select(p => CheckPartition(history, p, limits)).ToList();
        return new LinearizabilityResult(reports, history.Count);
    }

    private static PartitionReport CheckPartition(IReadOnlyList<KvOperation> history, KeyPartition partition, SearchLimits limits)
    {
        KvOperation[] ops = partition.Operations.Select(i => history[i]).ToArray();
        int[][] slots = ops.Select(o => o.Command.Keys.Select(partition.SlotOf).ToArray()).ToArray();
        SearchOperation[] searchOps = SearchOperations(ops);
        bool Step(PartitionState state, int i, out PartitionState next)
        {
            (KvResult result, next) = KvModel.Apply(state, ops[i].Command, slots[i]);
            return ops[i].Result is null || result.Matches(ops[i].Result!);
        }
        SearchOutcome<PartitionState> outcome = WglSearch.Run(searchOps, PartitionState.Empty(partition.Keys.Count), Step, limits);
        var explainer = new PartitionExplainer(history, partition, slots);
        int[]? linearization = outcome.Order?.Select(i => partition.Operations[i]).ToArray();
        Verdict verdict = outcome.Verdict switch
        {
            SearchVerdict.Linearizable => Verdict.Linearizable,
            SearchVerdict.NotLinearizable => Verdict.NotLinearizable,
            _ => Verdict.Inconclusive,
        };
        return new PartitionReport(partition.Keys, partition.Operations, verdict, outcome.StatesExplored, linearization,
            explainer.Explain(outcome));
    }

    /// <summary>Intervals (an unanswered operation returns at "never"), and for each indeterminate operation its previous identical twin.</summary>
    private static SearchOperation[] SearchOperations(KvOperation[] ops)
    {
        var lastTwin = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new SearchOperation[ops.Length];
        foreach (int i in Enumerable.Range(0, ops.Length).OrderBy(i => ops[i].Call).ThenBy(i => i))
        {
            int previous = -1;
            if (ops[i].IsIndeterminate)
            {
                string command = string.Join('\0', ops[i].Command.Arguments);
                previous = lastTwin.GetValueOrDefault(command, -1);
                lastTwin[command] = i;
            }
            result[i] = new SearchOperation(ops[i].Call, ops[i].Return ?? long.MaxValue, ops[i].IsIndeterminate, previous);
        }
        return result;
    }
}
