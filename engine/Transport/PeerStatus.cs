using System.Net;

namespace Plover.Engine.Transport;

/// <summary>The state of the link with one peer, as of when it was taken.</summary>
/// <param name="WeDial">True when this node dials the peer (our id is lower); otherwise we wait for it.</param>
/// <param name="Since">When the link last became connected, or stopped being connected (dial retries do not move it).</param>
/// <param name="LastError">Why the last connection ended or the last attempt failed, if one did.</param>
/// <param name="QueuedBytes">Outbound bytes waiting for (or being written to) this peer.</param>
public sealed record PeerStatus(
    uint PeerId,
    EndPoint Endpoint,
    bool WeDial,
    PeerConnectionState State,
    DateTimeOffset Since,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long ConnectionsOpened,
    long QueuedBytes);
