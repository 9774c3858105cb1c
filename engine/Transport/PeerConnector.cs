using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Plover.Engine.Security;

namespace Plover.Engine.Transport;

/// <summary>
/// Turns a socket into an authenticated peer stream, from either side: TCP connect (dialling),
/// mutual TLS, then the hellos, all within the handshake timeout. Only the lower node id dials, so
/// each pair of nodes has exactly one connection; the acceptor refuses a dial from a higher id.
/// </summary>
internal sealed class PeerConnector
{
    private readonly NodeIdentity local;
    private readonly PeerAuthenticator authenticator;
    private readonly IReadOnlySet<uint> peerIds;
    private readonly TimeSpan handshakeTimeout;
    private readonly TimeProvider time;

    public PeerConnector(NodeCredentials credentials, IReadOnlySet<uint> peerIds, TimeSpan handshakeTimeout, TimeProvider time)
    {
        local = credentials.Identity;
        authenticator = new PeerAuthenticator(credentials, time);
        this.peerIds = peerIds;
        this.handshakeTimeout = handshakeTimeout;
        this.time = time;
    }

    public static bool Dials(uint localId, uint peerId) => localId < peerId;

    public async Task<EstablishedStream> DialAsync(uint peerId, EndPoint endpoint, CancellationToken cancellation)
    {
        // An IP endpoint gets a socket of its own family; a host name a dual-mode one that can reach either.
        Socket socket = endpoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        return await WithinTimeoutAsync(socket, $"dialling node {peerId} at {endpoint}", async token =>
        {
            await socket.ConnectAsync(endpoint, token).ConfigureAwait(false);
            var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            try
            {
                NodeIdentity certified = await authenticator.AuthenticateAsClientAsync(stream, HostOf(endpoint), token).ConfigureAwait(false);
                if (certified.NodeId != peerId)
                    throw new PeerRefusedException(PeerRefusalReason.NodeIdMismatch, $"dialled node {peerId} at {endpoint}, answered by {certified}");
                var reader = new FrameReader(stream, time);
                await HelloExchange.ExchangeAsync(stream, reader, local, certified, token).ConfigureAwait(false);
                return new EstablishedStream(peerId, socket, stream, reader, socket.RemoteEndPoint, WeDialled: true);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }, cancellation).ConfigureAwait(false);
    }

    public async Task<EstablishedStream> AcceptAsync(Socket socket, CancellationToken cancellation)
    {
        socket.NoDelay = true;
        return await WithinTimeoutAsync(socket, $"accepting {socket.RemoteEndPoint}", async token =>
        {
            var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
            try
            {
                NodeIdentity certified = await authenticator.AuthenticateAsServerAsync(stream, token).ConfigureAwait(false);
                CheckMayDialUs(certified);
                var reader = new FrameReader(stream, time);
                await HelloExchange.ExchangeAsync(stream, reader, local, certified, token).ConfigureAwait(false);
                return new EstablishedStream(certified.NodeId, socket, stream, reader, socket.RemoteEndPoint, WeDialled: false);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }, cancellation).ConfigureAwait(false);
    }

    private void CheckMayDialUs(NodeIdentity certified)
    {
        if (certified.NodeId == local.NodeId || !peerIds.Contains(certified.NodeId))
            throw new PeerRefusedException(PeerRefusalReason.UnknownNode,
                $"{certified} is not a peer of node {local.NodeId} (peers: {string.Join(", ", peerIds.Order())})");
        if (!Dials(certified.NodeId, local.NodeId))
            throw new PeerRefusedException(PeerRefusalReason.WrongDialDirection,
                $"node {certified.NodeId} dialled node {local.NodeId}; only the lower node id dials", peerId: certified.NodeId);
    }

    private async Task<EstablishedStream> WithinTimeoutAsync(
        Socket socket, string what, Func<CancellationToken, Task<EstablishedStream>> handshake, CancellationToken cancellation)
    {
        using var timeout = new CancellationTokenSource(handshakeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
        try
        {
            return await handshake(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"{what}: the handshake did not finish within {handshakeTimeout.TotalMilliseconds} ms", e);
        }
        catch
        {
            // Disposing the socket also ends the SslStream built on it.
            socket.Dispose();
            throw;
        }
    }

    private static string HostOf(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => dns.Host,
        IPEndPoint ip => ip.Address.ToString(),
        _ => throw new ArgumentException($"unsupported endpoint {endpoint}", nameof(endpoint)),
    };
}
