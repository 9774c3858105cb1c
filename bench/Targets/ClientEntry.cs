namespace Plover.Bench.Targets;

/// <summary>Which nodes of a replicated Plover cluster the load's connections go to.</summary>
public enum ClientEntry
{
    /// <summary>
    /// The serving primary only: how clients reach a primary-backup service (Remus's clients see
    /// the protected machine's one address), so the figures are the replication's own cost.
    /// </summary>
    Primary,

    /// <summary>Every node in turn: a backup forwards its clients' bytes to the primary and relays the outputs back, a hop each way.</summary>
    AllNodes,
}
