using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Plover.Engine.Transport;
using Plover.Engine.Wire;

namespace Plover.Engine.Tests.Transport;

/// <summary>
/// A hand-driven peer for refusal and hostile-input tests: it speaks TLS with whatever certificate
/// (or none) it is given, trusts any server, and writes whatever bytes the test wants.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient client;

    private RawPeer(TcpClient client, Stream stream)
    {
        this.client = client;
        Stream = stream;
    }

    public Stream Stream { get; }

    /// <summary>A plain TCP connection, no TLS.</summary>
    public static async Task<RawPeer> ConnectPlainAsync(IPEndPoint endpoint)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(endpoint);
        return new RawPeer(client, client.GetStream());
    }

    /// <summary>TLS 1.3 with <paramref name="certificate"/> as the client certificate (none when null).</summary>
    public static async Task<RawPeer> ConnectTlsAsync(IPEndPoint endpoint, X509Certificate2? certificate)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(endpoint);
        var stream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            ClientCertificateContext = certificate is null ? null : SslStreamCertificateContext.Create(certificate, null, offline: true),
        };
        await stream.AuthenticateAsClientAsync(options);
        return new RawPeer(client, stream);
    }

    /// <summary>Connects with TLS and exchanges hellos, as a node would before sending frames.</summary>
    public static async Task<RawPeer> ConnectAsNodeAsync(IPEndPoint endpoint, X509Certificate2 certificate, uint nodeId,
        string clusterId = TestMesh.ClusterId, uint version = WireProtocol.Version)
    {
        RawPeer peer = await ConnectTlsAsync(endpoint, certificate);
        await peer.SendHelloAsync(clusterId, nodeId, version);
        return peer;
    }

    public Task SendHelloAsync(string clusterId, uint nodeId, uint version) =>
        WriteAsync(Frame(new PeerHello { ClusterId = clusterId, NodeId = nodeId, ProtocolVersion = version }.ToByteArray()));

    /// <summary>Reads the transport's hello: the connection was accepted.</summary>
    public async Task<PeerHello> ReadHelloAsync()
    {
        byte[] prefix = new byte[4];
        await Stream.ReadExactlyAsync(prefix);
        byte[] body = new byte[BinaryPrimitives.ReadUInt32BigEndian(prefix)];
        await Stream.ReadExactlyAsync(body);
        return PeerHello.Parser.ParseFrom(body);
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    public static byte[] Frame(byte[] body)
    {
        byte[] frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>True once the other side has closed the connection (end of stream or a reset), reading and discarding anything before that.</summary>
    public async Task<bool> IsClosedByPeerAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        byte[] buffer = new byte[4096];
        try
        {
            while (await Stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or AuthenticationException or ObjectDisposedException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        client.Dispose();
    }
}
