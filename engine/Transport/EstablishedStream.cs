using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Plover.Engine.Transport;

/// <summary>A connection that has passed TLS and the hello exchange, not yet attached to its peer link.</summary>
internal sealed record EstablishedStream(uint PeerId, Socket Socket, SslStream Stream, FrameReader Reader, EndPoint? Remote, bool WeDialled);
