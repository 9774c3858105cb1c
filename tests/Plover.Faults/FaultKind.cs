namespace Plover.Faults;

/// <summary>What the schedule does to the cluster.</summary>
public enum FaultKind
{
    /// <summary>kill -9 of one node, restarted from its store after the hold.</summary>
    KillNode,
    /// <summary>kill -9 of whichever node serves as primary at that moment, restarted after the hold.</summary>
    KillPrimary,
    /// <summary>SIGSTOP of one node, SIGCONT after the hold.</summary>
    PauseNode,
    /// <summary>The link between two nodes cut both ways, restored after the hold.</summary>
    CutLink,
    /// <summary>Every node killed with kill -9 at once, all restarted from their stores after the hold.</summary>
    KillAll,
}
