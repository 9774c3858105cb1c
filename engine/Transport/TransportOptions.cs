using System.Net;
using Plover.Engine.Security;

namespace Plover.Engine.Transport;

/// <summary>How a node's transport reaches its peers, and the limits it keeps.</summary>
public sealed record TransportOptions
{
    public const long OutboundQueueBytesMaxDefault = 64L * 1024 * 1024;
    public const long InboundQueueBytesMaxDefault = 64L * 1024 * 1024;
    public const int WriteBatchBytesMaxDefault = 256 * 1024;
    public const int HandshakesPendingMaxDefault = 16;

    /// <summary>Every other node of the cluster and where it listens for peers. Only peers with a higher id are dialled.</summary>
    public required IReadOnlyDictionary<uint, EndPoint> Peers { get; init; }

    /// <summary>Bytes queued for one peer (written or not yet) before senders wait or try-send reports full.</summary>
    public long OutboundQueueBytesMax { get; init; } = OutboundQueueBytesMaxDefault;

    /// <summary>Bytes received from one peer and not yet read by the engine before we stop reading from its socket.
    /// At least one frame of the largest size.</summary>
    public long InboundQueueBytesMax { get; init; } = InboundQueueBytesMaxDefault;

    /// <summary>Queued frames are copied into one buffer of this size and written with one call.</summary>
    public int WriteBatchBytesMax { get; init; } = WriteBatchBytesMaxDefault;

    public TimeSpan ReconnectDelayMin { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>TCP connect, TLS handshake and hello exchange must finish within this.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An idle connection sends a heartbeat this often.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A connection on which nothing arrives for this long (while we are reading) is closed as dead.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Accepted sockets still in their TLS or hello exchange; more are closed at once.</summary>
    public int HandshakesPendingMax { get; init; } = HandshakesPendingMaxDefault;

    /// <summary>Seed for the reconnect jitter.</summary>
    public int JitterSeed { get; init; } = 1;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate(NodeIdentity local)
    {
        if (Peers.Count == 0) throw new ArgumentException("a transport needs at least one peer", nameof(Peers));
        foreach ((uint id, EndPoint endpoint) in Peers)
        {
            if (!NodeIdentity.IsValidNodeId(id) || id == local.NodeId)
                throw new ArgumentException($"peer id {id} is not a valid node id other than ours ({local.NodeId})", nameof(Peers));
            if (endpoint is not (IPEndPoint or DnsEndPoint))
                throw new ArgumentException($"peer {id}'s endpoint must be an IP or DNS endpoint, not {endpoint.GetType().Name}", nameof(Peers));
        }
        if (OutboundQueueBytesMax < WireProtocol.FramePrefixBytes + 1)
            throw new ArgumentException($"{nameof(OutboundQueueBytesMax)} of {OutboundQueueBytesMax} cannot hold a frame", nameof(OutboundQueueBytesMax));
        if (InboundQueueBytesMax < WireProtocol.FramePrefixBytes + WireProtocol.FrameBytesMax)
            throw new ArgumentException($"{nameof(InboundQueueBytesMax)} must hold a frame of the largest size", nameof(InboundQueueBytesMax));
        if (WriteBatchBytesMax < 1024)
            throw new ArgumentException($"{nameof(WriteBatchBytesMax)} of {WriteBatchBytesMax} is too small to batch", nameof(WriteBatchBytesMax));
        if (ReconnectDelayMin <= TimeSpan.Zero || ReconnectDelayMax < ReconnectDelayMin)
            throw new ArgumentException("reconnect delays must satisfy 0 < min <= max", nameof(ReconnectDelayMin));
        if (HandshakeTimeout <= TimeSpan.Zero || HeartbeatInterval <= TimeSpan.Zero || HandshakesPendingMax < 1)
            throw new ArgumentException("handshake timeout, heartbeat interval and pending handshakes must be positive");
        if (IdleTimeout <= HeartbeatInterval * 2)
            throw new ArgumentException($"{nameof(IdleTimeout)} must exceed two heartbeat intervals, or a live peer looks dead", nameof(IdleTimeout));
    }
}
