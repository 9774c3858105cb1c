using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>The traffic with one peer so far, per envelope kind.</summary>
/// <param name="Writes">Write calls to the TLS stream: fewer than frames sent when frames were batched.</param>
/// <param name="ConnectionsOpened">Connections established with this peer (hellos accepted both ways).</param>
/// <param name="FrameErrors">Connections closed because a frame from this peer was malformed.</param>
public sealed record PeerTrafficSnapshot(
    uint PeerId, IReadOnlyList<FrameKindTraffic> Kinds, long Writes, long ConnectionsOpened, long FrameErrors)
{
    public FrameKindTraffic this[Envelope.KindOneofCase kind] => Kinds[FrameKinds.IndexOf(kind)];

    public long FramesSent => Kinds.Sum(k => k.FramesSent);

    public long BytesSent => Kinds.Sum(k => k.BytesSent);

    public long FramesReceived => Kinds.Sum(k => k.FramesReceived);

    public long BytesReceived => Kinds.Sum(k => k.BytesReceived);
}
