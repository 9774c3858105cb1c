using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>An envelope as read off the wire, with the bytes it took (prefix included).</summary>
internal readonly record struct ReceivedEnvelope(Envelope Message, int WireBytes);
