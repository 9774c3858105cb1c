namespace Plover.Engine.Transport;

/// <summary>
/// The node-to-node wire format: after TLS, each side sends one PeerHello frame, then Envelope
/// frames. A frame is a u32 big-endian length followed by that many bytes of protobuf.
/// </summary>
public static class WireProtocol
{
    /// <summary>Bumped on any incompatible change to the frames; peers must agree exactly.</summary>
    public const uint Version = 2;

    public const int FramePrefixBytes = 4;

    /// <summary>The largest frame body (without its prefix); a longer length prefix closes the connection.</summary>
    public const int FrameBytesMax = 16 * 1024 * 1024;

    /// <summary>The largest PeerHello body: a hello is a few dozen bytes, so anything longer is an attack or a bug.</summary>
    public const int HelloBytesMax = 1024;
}
