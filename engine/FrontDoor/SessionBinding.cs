namespace Plover.Engine.FrontDoor;

/// <summary>Where a client session's inputs go.</summary>
public abstract record SessionBinding
{
    /// <summary>Not yet known: no leader, or this node leads but has not finished its takeover. The session does not read.</summary>
    public sealed record Pending : SessionBinding;

    /// <summary>This node is the primary of <paramref name="Ballot"/>: inputs go into its log (or straight to its guest).</summary>
    public sealed record Local(ulong Ballot) : SessionBinding;

    /// <summary>Node <paramref name="Leader"/> leads with <paramref name="Ballot"/>: inputs are forwarded to it, replies come back from it.</summary>
    public sealed record Forwarded(uint Leader, ulong Ballot, long LinkGeneration) : SessionBinding;
}
