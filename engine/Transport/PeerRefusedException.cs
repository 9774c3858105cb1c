namespace Plover.Engine.Transport;

/// <summary>A connection was refused because the other side is not a peer we accept, or would not accept us.</summary>
public sealed class PeerRefusedException : Exception
{
    public PeerRefusedException(PeerRefusalReason reason, string detail, Exception? inner = null, uint? peerId = null)
        : base($"{reason}: {detail}", inner)
    {
        Reason = reason;
        Detail = detail;
        PeerId = peerId;
    }

    /// <summary>The node id proven by the other side's certificate, when it got that far.</summary>
    public uint? PeerId { get; }

    public PeerRefusalReason Reason { get; }

    public string Detail { get; }
}
