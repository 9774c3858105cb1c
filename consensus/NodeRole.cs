namespace Plover.Consensus;

/// <summary>A node's role in the current ballot.</summary>
public enum NodeRole
{
    /// <summary>Accepts what a leader proposes; campaigns when the leader goes quiet.</summary>
    Follower,
    /// <summary>Running phase 1 for its own ballot.</summary>
    Candidate,
    /// <summary>Phase 1 done: proposes, replicates and decides what is committed.</summary>
    Leader,
}
