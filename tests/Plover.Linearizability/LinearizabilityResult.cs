namespace Plover.Linearizability;

/// <summary>
/// The outcome of checking a history: linearizable, not (with the smallest failing key partition
/// and a readable account of where it fails), or inconclusive (a search bound was hit).
/// </summary>
public sealed class LinearizabilityResult
{
    internal LinearizabilityResult(IReadOnlyList<PartitionReport> partitions, int operationCount)
    {
        Partitions = partitions;
        Failure = partitions.Where(p => p.Verdict == Verdict.NotLinearizable).MinBy(p => p.Operations.Count);
        PartitionReport? inconclusive = partitions.FirstOrDefault(p => p.Verdict == Verdict.Inconclusive);
        Verdict = Failure is not null ? Verdict.NotLinearizable : inconclusive is not null ? Verdict.Inconclusive : Verdict.Linearizable;
        StatesExplored = partitions.Sum(p => p.StatesExplored);
        Explanation = Verdict switch
        {
            Verdict.NotLinearizable => Failure!.Explanation,
            Verdict.Inconclusive => inconclusive!.Explanation,
            _ => $"linearizable: {operationCount} operations in {partitions.Count} key partitions ({StatesExplored:N0} configurations explored)",
        };
    }

    public Verdict Verdict { get; }
    public bool IsLinearizable => Verdict == Verdict.Linearizable;

    /// <summary>Every key partition, in order of its first operation.</summary>
    public IReadOnlyList<PartitionReport> Partitions { get; }

    /// <summary>The non-linearizable partition with the fewest operations, if any.</summary>
    public PartitionReport? Failure { get; }

    public long StatesExplored { get; }

    /// <summary>A human-readable account: for a failure, the operations involved and where the search got stuck.</summary>
    public string Explanation { get; }

    public override string ToString() => Explanation;
}
