using System.Net;
using System.Net.Sockets;

namespace Plover.Engine.Transport;

/// <summary>
/// The socket a node listens on for its peers, bound before the transport is built so that port 0
/// can be used and the actual port told to the other nodes. The transport takes ownership.
/// </summary>
public sealed class PeerListener : IDisposable
{
    public const int BacklogDefault = 64;

    private PeerListener(Socket socket)
    {
        Socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    internal Socket Socket { get; }

    public static PeerListener Bind(IPEndPoint endpoint, int backlog = BacklogDefault)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restarted node must get its port back while connections of its previous life sit in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(backlog);
            return new PeerListener(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => Socket.Dispose();
}
