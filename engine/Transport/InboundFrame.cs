using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>A frame received from a peer: who sent it, the message, and the bytes it took on the wire.</summary>
public readonly record struct InboundFrame(uint PeerId, Envelope Message, int WireBytes);
