namespace Plover.Linearizability;

public enum Verdict
{
    Linearizable,
    NotLinearizable,
    /// <summary>The search hit a <see cref="SearchLimits"/> bound before deciding.</summary>
    Inconclusive,
}
