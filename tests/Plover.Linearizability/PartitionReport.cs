namespace Plover.Linearizability;

/// <summary>What the check found for one key partition. Operation numbers are indices into the history.</summary>
public sealed record PartitionReport(
    IReadOnlyList<string> Keys,
    IReadOnlyList<int> Operations,
    Verdict Verdict,
    long StatesExplored,
    IReadOnlyList<int>? Linearization,
    string Explanation)
{
    public override string ToString() => Explanation;
}
