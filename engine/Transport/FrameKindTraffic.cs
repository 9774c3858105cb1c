using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>Frames and bytes (length prefix included, TLS overhead not) of one envelope kind, each way.</summary>
public readonly record struct FrameKindTraffic(
    Envelope.KindOneofCase Kind, long FramesSent, long BytesSent, long FramesReceived, long BytesReceived);
