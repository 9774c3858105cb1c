using Plover.Engine.Security;
using Plover.Engine.Transport;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Transport;

public class PeerTransportRefusalTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CloseWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Peer_with_a_certificate_from_another_CA_is_refused_and_logged()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2);
        using var rogueAuthority = ClusterCertificateAuthority.Create(TestMesh.ClusterId, DateTimeOffset.UtcNow);
        using NodeCredentials rogue = rogueAuthority.IssueNode(new NodeIdentity(TestMesh.ClusterId, 2), ["localhost"], DateTimeOffset.UtcNow);
        mesh.Start(1);
        mesh.Start(2, withCredentials: rogue);

        // Node 1 dials node 2 and refuses its certificate; neither side ever connects.
        await mesh.WaitForRefusalAsync(1, "outgoing", PeerRefusalReason.UntrustedCertificate);
        Assert.NotEqual(PeerConnectionState.Connected, mesh[1].GetStatus(2).State);
        Assert.Equal(0, mesh[2].GetStatus(1).ConnectionsOpened);
        Assert.Contains("UntrustedCertificate", mesh[1].GetStatus(2).LastError);
    }

    [Fact]
    public async Task Dialler_with_a_certificate_from_another_CA_is_refused_by_the_acceptor()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        using var rogueAuthority = ClusterCertificateAuthority.Create(TestMesh.ClusterId, DateTimeOffset.UtcNow);
        using NodeCredentials rogue = rogueAuthority.IssueNode(new NodeIdentity(TestMesh.ClusterId, 1), ["localhost"], DateTimeOffset.UtcNow);
        mesh.Start(2);

        await using RawPeer peer = await RawPeer.ConnectTlsAsync(mesh.EndpointOf(2), rogue.Certificate);

        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.UntrustedCertificate);
        Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
        Assert.Equal(0, mesh[2].GetStatus(1).ConnectionsOpened);
    }

    [Fact]
    public async Task Peer_with_a_valid_certificate_for_another_cluster_is_refused()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2);
        // Signed by our CA, but for cluster "other-cluster".
        using NodeCredentials stranger = mesh.Authority.IssueNode(new NodeIdentity("other-cluster", 2), ["localhost"], DateTimeOffset.UtcNow);
        mesh.Start(1);
        mesh.Start(2, withCredentials: stranger);

        await mesh.WaitForRefusalAsync(1, "outgoing", PeerRefusalReason.OtherCluster);
        Assert.Equal(0, mesh[1].GetStatus(2).ConnectionsOpened);
        Assert.Equal(0, mesh[2].GetStatus(1).ConnectionsOpened);
    }

    [Fact]
    public async Task Dialler_with_a_valid_certificate_for_another_cluster_is_refused_by_the_acceptor()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        using NodeCredentials stranger = mesh.Authority.IssueNode(new NodeIdentity("other-cluster", 1), ["localhost"], DateTimeOffset.UtcNow);
        mesh.Start(2);

        await using RawPeer peer = await RawPeer.ConnectAsNodeAsync(mesh.EndpointOf(2), stranger.Certificate, 1, clusterId: "other-cluster");

        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.OtherCluster);
        Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
    }

    [Fact]
    public async Task Hello_naming_another_cluster_than_ours_is_refused()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.Start(2);

        await using RawPeer peer = await RawPeer.ConnectAsNodeAsync(mesh.EndpointOf(2), mesh.CredentialsOf(1).Certificate, 1, clusterId: "elsewhere");

        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.OtherCluster);
        Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
    }

    [Fact]
    public async Task Node_claiming_a_node_id_other_than_its_certificate_is_refused()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.Start(2);

        // Node 1's certificate, but the hello says node 3.
        await using RawPeer peer = await RawPeer.ConnectAsNodeAsync(mesh.EndpointOf(2), mesh.CredentialsOf(1).Certificate, 3);

        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.NodeIdMismatch);
        Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
        Assert.Equal(0, mesh[2].GetStatus(1).ConnectionsOpened);
        Assert.Equal(0, mesh[2].GetStatus(3).ConnectionsOpened);
        Assert.Contains("NodeIdMismatch", mesh[2].GetStatus(1).LastError);
    }

    [Fact]
    public async Task Client_without_a_certificate_is_refused()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.Start(2);

        RawPeer? peer = null;
        try
        {
            peer = await RawPeer.ConnectTlsAsync(mesh.EndpointOf(2), certificate: null);
            Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            // Refused during the handshake itself: equally closed.
        }
        finally
        {
            if (peer is not null) await peer.DisposeAsync();
        }
        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.NoCertificate);
    }

    [Fact]
    public async Task Peer_speaking_another_protocol_version_is_refused()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.Start(2);

        await using RawPeer peer = await RawPeer.ConnectAsNodeAsync(mesh.EndpointOf(2), mesh.CredentialsOf(1).Certificate, 1,
            version: WireProtocol.Version + 1);

        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.VersionMismatch);
        Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
        // The certificate proved it is node 1, so node 1's link shows why it is not connected.
        Assert.Contains("VersionMismatch", mesh[2].GetStatus(1).LastError);
    }

    [Fact]
    public async Task Node_that_is_not_a_peer_is_refused()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        using NodeCredentials outsider = mesh.Authority.IssueNode(new NodeIdentity(TestMesh.ClusterId, 9), ["localhost"], DateTimeOffset.UtcNow);
        mesh.Start(2);

        await using RawPeer peer = await RawPeer.ConnectAsNodeAsync(mesh.EndpointOf(2), outsider.Certificate, 9);

        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.UnknownNode);
        Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
    }

    [Fact]
    public async Task Dialler_refused_by_its_peer_reports_it_may_have_been_refused()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.Start(1);
        // Node 2 was configured without node 1 among its peers.
        mesh.Start(2, withOptions: mesh.OptionsFor(2) with { Peers = new Dictionary<uint, System.Net.EndPoint> { [3] = mesh.EndpointOf(3) } });

        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.UnknownNode);
        await Eventually.HoldsAsync(() => mesh.Log.Contains("node1", Microsoft.Extensions.Logging.LogLevel.Warning, "Cannot connect to node 2", "may have refused us"),
            "node 1 logs that node 2 may have refused it");
        Assert.Contains("may have refused us", mesh[1].GetStatus(2).LastError);
        Assert.Equal(0, mesh[1].GetStatus(2).ConnectionsOpened);
    }

    [Fact]
    public async Task Higher_node_id_dialling_a_lower_one_is_refused()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.Start(2);

        await using RawPeer peer = await RawPeer.ConnectAsNodeAsync(mesh.EndpointOf(2), mesh.CredentialsOf(3).Certificate, 3);

        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.WrongDialDirection);
        Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
    }

    [Fact]
    public async Task Expired_peer_certificate_is_refused()
    {
        // A CA from 12 years ago can still issue a certificate that expired 2 years ago.
        await using TestMesh mesh = TestMesh.Create(output, authorityAge: TimeSpan.FromDays(12 * 365));
        DateTimeOffset longAgo = DateTimeOffset.UtcNow.AddDays(-12 * 365);
        using NodeCredentials expired = mesh.Authority.IssueNode(new NodeIdentity(TestMesh.ClusterId, 1), ["localhost"], longAgo);
        mesh.Start(2);

        await using RawPeer peer = await RawPeer.ConnectTlsAsync(mesh.EndpointOf(2), expired.Certificate);

        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.CertificateNotValidNow);
        Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
    }

    [Fact]
    public void Transport_refuses_to_start_with_an_expired_certificate_of_its_own()
    {
        using var authority = ClusterCertificateAuthority.Create(TestMesh.ClusterId, DateTimeOffset.UtcNow.AddDays(-12 * 365));
        using NodeCredentials expired = authority.IssueNode(new NodeIdentity(TestMesh.ClusterId, 1), ["localhost"], DateTimeOffset.UtcNow.AddDays(-12 * 365));
        using PeerListener listener = PeerListener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var options = new TransportOptions { Peers = new Dictionary<uint, System.Net.EndPoint> { [2] = listener.LocalEndPoint } };

        var error = Assert.Throws<CertificateException>(() => new PeerTransport(expired, listener, options));
        Assert.Equal(CertificateError.Expired, error.Error);
    }

    [Fact]
    public async Task Plain_tcp_garbage_instead_of_tls_is_refused_and_others_are_still_served()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2);
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();

        await using (RawPeer garbage = await RawPeer.ConnectPlainAsync(mesh.EndpointOf(2)))
        {
            await garbage.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            Assert.True(await garbage.IsClosedByPeerAsync(CloseWithin));
        }
        await mesh.WaitForRefusalAsync(2, "incoming", PeerRefusalReason.TlsFailed);

        await mesh[1].SendAsync(2, TestMesh.Consensus(1, 42));
        List<InboundFrame> frames = await TestMesh.ReceiveAsync(mesh[2], 1);
        Assert.Equal((1u, 42), TestMesh.Decode(frames[0].Message));
        Assert.Equal(1, mesh[2].GetStatus(1).ConnectionsOpened);
    }
}
