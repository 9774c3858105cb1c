using System.Text;
using Plover.Linearizability.Search;

namespace Plover.Linearizability;

/// <summary>Turns a partition's search outcome into a readable account that names the operations involved.</summary>
internal sealed class PartitionExplainer(IReadOnlyList<KvOperation> history, KeyPartition partition, int[][] slots)
{
    private const int ListedOperationsMax = 200;

    public string Explain(SearchOutcome<PartitionState> outcome)
    {
        string keys = "{" + string.Join(", ", partition.Keys.Select(KvCommand.Quote)) + "}";
        int count = partition.Operations.Count;
        var text = new StringBuilder();
        switch (outcome.Verdict)
        {
            case SearchVerdict.Linearizable:
                return $"linearizable: keys {keys} ({count} operations, {outcome.StatesExplored:N0} configurations explored)";
            case SearchVerdict.Inconclusive:
                text.AppendLine($"inconclusive: keys {keys} ({count} operations): the search {outcome.InconclusiveReason}");
                break;
            default:
                text.AppendLine($"not linearizable: keys {keys} ({count} operations, {outcome.StatesExplored:N0} configurations explored)");
                break;
        }
        AppendOperations(text);
        if (outcome.Deepest is { } deadEnd) AppendDeadEnd(text, deadEnd);
        return text.ToString().TrimEnd();
    }

    private string Name(int local) => $"#{partition.Operations[local]}";

    private void AppendOperations(StringBuilder text)
    {
        text.AppendLine("operations on these keys, by call time:");
        IEnumerable<int> byCall = Enumerable.Range(0, partition.Operations.Count)
            .OrderBy(i => history[partition.Operations[i]].Call).ThenBy(i => i);
        foreach (int local in byCall.Take(ListedOperationsMax))
            text.AppendLine($"  {Name(local)} {history[partition.Operations[local]]}");
        if (partition.Operations.Count > ListedOperationsMax)
            text.AppendLine($"  ... and {partition.Operations.Count - ListedOperationsMax} more");
    }

    private void AppendDeadEnd(StringBuilder text, DeadEnd<PartitionState> deadEnd)
    {
        string state = deadEnd.State.Describe(partition.Keys);
        text.AppendLine(deadEnd.Prefix.Count == 0
            ? $"the search could not linearize even a first operation; the keys start as {state}"
            : $"furthest the search got: {string.Join(", ", deadEnd.Prefix.Take(ListedOperationsMax).Select(Name))} linearized in that order, giving {state}");
        KvOperation stuck = history[partition.Operations[deadEnd.Stuck]];
        text.AppendLine($"then {Name(deadEnd.Stuck)} ({stuck.Command} -> {stuck.Result}) returned at {stuck.Return} without any order that lets it take effect; the candidates to go next were:");
        foreach (int local in deadEnd.Candidates.Take(ListedOperationsMax))
            text.AppendLine($"  {Name(local)} {Account(deadEnd.State, local)}");
    }

    private string Account(PartitionState state, int local)
    {
        KvOperation op = history[partition.Operations[local]];
        (KvResult expected, _) = KvModel.Apply(state, op.Command, slots[local]);
        if (op.Result is null) return $"{op.Command} (indeterminate) could take effect, but no continuation after it succeeds";
        return expected.Matches(op.Result)
            ? $"{op.Command} -> {op.Result} could take effect, but no continuation after it succeeds"
            : $"{op.Command} would reply {expected}, but replied {op.Result}";
    }
}
