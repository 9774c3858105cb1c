namespace Plover.Consensus;

/// <summary>What happened to a proposal handed to <see cref="PaxosNode.Propose"/>.</summary>
public enum ProposeStatus
{
    /// <summary>Queued by the leader; it appears in a committed entry unless leadership is lost first.</summary>
    Accepted,
    /// <summary>This node is not the leader; <see cref="ProposeResult.LeaderId"/> names the leader if known.</summary>
    NotLeader,
    /// <summary>The leader's proposal queue is full: retry after some proposals commit.</summary>
    QueueFull,
}

/// <summary>The outcome of a proposal, with the leader to retry at when this node is not it.</summary>
public readonly record struct ProposeResult(ProposeStatus Status, int? LeaderId)
{
    public bool IsAccepted => Status == ProposeStatus.Accepted;

    public override string ToString() => Status switch
    {
        ProposeStatus.NotLeader => $"not leader, leader is {(LeaderId?.ToString() ?? "unknown")}",
        _ => Status.ToString(),
    };
}
