using Plover.Engine.Security;
using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>
/// The first frames after TLS: both sides send a PeerHello (cluster id, node id, protocol version)
/// and check the other's against its certificate and against our own cluster and version.
/// </summary>
internal static class HelloExchange
{
    public static async Task ExchangeAsync(
        Stream stream, FrameReader reader, NodeIdentity local, NodeIdentity certified, CancellationToken cancellation)
    {
        var ours = new PeerHello { ClusterId = local.ClusterId, NodeId = local.NodeId, ProtocolVersion = WireProtocol.Version };
        await stream.WriteAsync(FrameEncoder.EncodeHello(ours), cancellation).ConfigureAwait(false);
        await stream.FlushAsync(cancellation).ConfigureAwait(false);
        PeerHello theirs;
        try
        {
            theirs = await reader.ReadHelloAsync(cancellation).ConfigureAwait(false);
        }
        catch (FrameException e) when (e.Error == FrameError.Truncated)
        {
            // Not a bad hello but none at all: typically the other side refused us after TLS.
            throw new IOException($"{certified} closed the connection before its hello (it may have refused us: see its log)", e);
        }
        catch (FrameException e)
        {
            throw new PeerRefusedException(PeerRefusalReason.MalformedHello, $"{certified} sent no valid hello: {e.Message}", e, certified.NodeId);
        }
        Check(theirs, local, certified);
    }

    public static void Check(PeerHello hello, NodeIdentity local, NodeIdentity certified)
    {
        if (hello.ProtocolVersion != WireProtocol.Version)
            throw new PeerRefusedException(PeerRefusalReason.VersionMismatch,
                $"{certified} speaks protocol version {hello.ProtocolVersion}, we speak {WireProtocol.Version}", peerId: certified.NodeId);
        if (hello.ClusterId != local.ClusterId)
            throw new PeerRefusedException(PeerRefusalReason.OtherCluster,
                $"{certified} says hello from cluster '{hello.ClusterId}', we are cluster {local.ClusterId}", peerId: certified.NodeId);
        if (hello.NodeId != certified.NodeId)
            throw new PeerRefusedException(PeerRefusalReason.NodeIdMismatch,
                $"the hello claims node {hello.NodeId} but the certificate is for node {certified.NodeId}", peerId: certified.NodeId);
    }
}
