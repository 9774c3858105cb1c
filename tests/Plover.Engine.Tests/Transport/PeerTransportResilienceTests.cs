using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Plover.Engine.Transport;
using Plover.Engine.Wire;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Transport;

public class PeerTransportResilienceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CloseWithin = TimeSpan.FromSeconds(10);

    public static TheoryData<string, byte[], FrameError> HostileFrames => new()
    {
        { "garbage", RawPeer.Frame([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), FrameError.Unparsable },
        { "oversized length prefix", [0xFF, 0xFF, 0xFF, 0xF0, 1, 2, 3], FrameError.Oversized },
        { "length just over the limit", BigEndian(WireProtocol.FrameBytesMax + 1), FrameError.Oversized },
        // Field 20 of the envelope: a kind from a newer protocol, unknown here.
        { "unknown kind", RawPeer.Frame([0xA2, 0x01, 0x00]), FrameError.UnknownKind },
        { "empty envelope", RawPeer.Frame([]), FrameError.UnknownKind },
    };

    [Theory]
    [MemberData(nameof(HostileFrames))]
    public async Task Bad_frame_closes_only_that_connection_and_the_node_keeps_serving(string what, byte[] bytes, FrameError expected)
    {
        output.WriteLine($"sending {what}");
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.Start(2);
        mesh.Start(3);
        await mesh.WaitConnectedAsync(2, 3);

        await using (RawPeer peer = await ConnectAsNode1Async(mesh))
        {
            await peer.WriteAsync(bytes);
            Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
        }

        await AssertBadFrameLoggedAsync(mesh, expected);
        await AssertStillServesAsync(mesh);
    }

    [Fact]
    public async Task Truncated_frame_closes_only_that_connection()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.Start(2);
        mesh.Start(3);
        await mesh.WaitConnectedAsync(2, 3);

        await using (RawPeer peer = await ConnectAsNode1Async(mesh))
        {
            byte[] frame = FrameEncoderFacade.Encode(TestMesh.Consensus(1, 7, payloadBytes: 200));
            await peer.WriteAsync(frame.AsSpan(0, 100).ToArray());
        }

        await AssertBadFrameLoggedAsync(mesh, FrameError.Truncated);
        await AssertStillServesAsync(mesh);
    }

    [Fact]
    public async Task Valid_frames_before_a_bad_one_are_delivered()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.Start(2);

        await using (RawPeer peer = await ConnectAsNode1Async(mesh))
        {
            await peer.WriteAsync([.. FrameEncoderFacade.Encode(TestMesh.Consensus(1, 1)), .. FrameEncoderFacade.Encode(TestMesh.Consensus(1, 2)), 0xFF, 0xFF, 0xFF, 0xFF]);
            Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
        }

        List<InboundFrame> frames = await TestMesh.ReceiveAsync(mesh[2], 2);
        Assert.Equal([1, 2], frames.Select(f => TestMesh.Decode(f.Message).Sequence));
        await AssertBadFrameLoggedAsync(mesh, FrameError.Oversized);
    }

    [Fact]
    public async Task Restarted_peers_are_reconnected_and_traffic_resumes()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();
        await ExchangeAsync(mesh, 1, 3, sequence: 0);

        // Node 3 only accepts: it comes back on the same port and its dialers find it again.
        await mesh.StopAsync(3);
        await Eventually.HoldsAsync(() => mesh[1].GetStatus(3).State != PeerConnectionState.Connected, "node 1 notices node 3 is gone");
        await Eventually.HoldsAsync(() => mesh[2].GetStatus(3).State != PeerConnectionState.Connected, "node 2 notices node 3 is gone");
        // Queued while node 3 is down, delivered once it is back.
        for (int i = 1; i <= 5; i++) Assert.True(mesh[1].TrySend(3, TestMesh.Consensus(1, i)));
        mesh.Start(3);
        await mesh.WaitForFullMeshAsync();
        List<InboundFrame> queued = await TestMesh.ReceiveAsync(mesh[3], 5);
        Assert.Equal([1, 2, 3, 4, 5], queued.Select(f => TestMesh.Decode(f.Message).Sequence));
        await ExchangeAsync(mesh, 2, 3, sequence: 6);

        // Node 1 only dials: once restarted it dials again, replacing what its peers had.
        await mesh.StopAsync(1);
        mesh.Start(1);
        await mesh.WaitForFullMeshAsync();
        await ExchangeAsync(mesh, 1, 2, sequence: 7);
        await ExchangeAsync(mesh, 1, 3, sequence: 8);
        Assert.Equal(2, mesh[2].GetStatus(1).ConnectionsOpened);
        Assert.Equal(2, mesh[1].GetStatus(3).ConnectionsOpened + 1);
    }

    [Fact]
    public async Task Repeated_restarts_leave_no_stale_tasks_behind()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();

        for (int round = 0; round < 8; round++)
        {
            await mesh.StopAsync(2);
            mesh.Start(2);
            await mesh.WaitForFullMeshAsync();
            await ExchangeAsync(mesh, 2, 3, sequence: round);
            await ExchangeAsync(mesh, 1, 2, sequence: round);
        }

        // Node 1: its accept loop and a dialler for each of nodes 2 and 3. Node 3: its accept loop
        // and one handler for each live incoming connection. Nothing left from earlier connections.
        await Eventually.HoldsAsync(() => mesh[1].RunningTaskCount == 3, "node 1 runs 3 tasks");
        await Eventually.HoldsAsync(() => mesh[3].RunningTaskCount == 3, "node 3 runs 3 tasks");
        Assert.Equal(9, mesh[3].GetStatus(2).ConnectionsOpened);
    }

    [Fact]
    public async Task Slow_reader_makes_the_sender_wait_instead_of_growing_memory()
    {
        const int frameBytes = 64 * 1024;
        const long outboundMax = 1024 * 1024;
        const long inboundMax = WireProtocol.FrameBytesMax + WireProtocol.FramePrefixBytes;
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2,
            tune: o => o with { OutboundQueueBytesMax = outboundMax, InboundQueueBytesMax = inboundMax });
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();

        // Node 2 reads nothing: fill everything between the two until the queue stays full for a
        // whole second (a queue that is full only while the writer catches up soon has room again).
        int accepted = 0;
        int fullInARow = 0;
        for (int attempt = 0; attempt < 4000 && fullInARow < 50; attempt++)
        {
            if (mesh[1].TrySend(2, TestMesh.Consensus(1, accepted, frameBytes)))
            {
                accepted++;
                fullInARow = 0;
            }
            else
            {
                fullInARow++;
                await Task.Delay(20);
            }
        }
        long acceptedBytes = (long)accepted * frameBytes;
        output.WriteLine($"{accepted} frames ({acceptedBytes} bytes) accepted before the sender had to wait");
        Assert.True(fullInARow == 50, "the queue never stayed full");
        // Our queues plus what the kernel buffers on loopback, never more.
        Assert.True(acceptedBytes < outboundMax + inboundMax + 32 * 1024 * 1024, $"{acceptedBytes} bytes accepted");
        Assert.True(mesh[1].GetStatus(2).QueuedBytes <= outboundMax);
        // The receiver filled its share of the inbox to the bound, and no further.
        long frameWireBytes = FrameEncoderFacade.Encode(TestMesh.Consensus(1, 0, frameBytes)).Length;
        Assert.InRange(mesh[2].Inbox.Count, inboundMax / frameWireBytes - 1, inboundMax / frameWireBytes);
        Assert.False(mesh[1].TrySend(2, TestMesh.Consensus(1, accepted, frameBytes)));

        ValueTask waiting = mesh[1].SendAsync(2, TestMesh.Consensus(1, accepted, frameBytes));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "a send completed while nothing was being read");

        List<InboundFrame> frames = await TestMesh.ReceiveAsync(mesh[2], accepted + 1);
        await Eventually.WithinAsync(waiting.AsTask(), "the waiting send once the reader caught up");
        Assert.Equal(Enumerable.Range(0, accepted + 1), frames.Select(f => TestMesh.Decode(f.Message).Sequence));
    }

    [Fact]
    public async Task Silent_peer_is_disconnected_after_the_idle_timeout()
    {
        await using TestMesh mesh = TestMesh.Create(output,
            tune: o => o with { HeartbeatInterval = TimeSpan.FromMilliseconds(100), IdleTimeout = TimeSpan.FromMilliseconds(600) });
        mesh.Start(2);

        await using RawPeer peer = await ConnectAsNode1Async(mesh);

        Assert.True(await peer.IsClosedByPeerAsync(CloseWithin));
        await Eventually.HoldsAsync(() => mesh.Log.Contains("node2", LogLevel.Warning, "Connection with node 1 closed", "nothing received for 600 ms"),
            "node 2 closes the silent connection");
    }

    [Fact]
    public async Task Heartbeats_keep_an_idle_connection_open()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2,
            tune: o => o with { HeartbeatInterval = TimeSpan.FromMilliseconds(100), IdleTimeout = TimeSpan.FromMilliseconds(1500) });
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();

        // Idle for more than twice the idle timeout (which tolerates a stall of the test machine up to about 1.4 s).
        await Task.Delay(3500);

        foreach ((uint from, uint to) in new[] { (1u, 2u), (2u, 1u) })
        {
            PeerStatus status = mesh[from].GetStatus(to);
            Assert.Equal(PeerConnectionState.Connected, status.State);
            Assert.Equal(1, status.ConnectionsOpened);
            Assert.True(mesh[from].Metrics.Peer(to)[Envelope.KindOneofCase.Heartbeat].FramesReceived >= 5);
        }
        Assert.Equal(0, mesh[1].Inbox.Count);
    }

    [Fact]
    public async Task Connection_that_never_finishes_its_handshake_is_dropped()
    {
        await using TestMesh mesh = TestMesh.Create(output, tune: o => o with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        mesh.Start(2);

        await using RawPeer silent = await RawPeer.ConnectPlainAsync(mesh.EndpointOf(2));

        Assert.True(await silent.IsClosedByPeerAsync(CloseWithin));
        await Eventually.HoldsAsync(() => mesh.Log.Contains("node2", LogLevel.Warning, "failed before its hello", "within 300 ms"),
            "node 2 logs the handshake timeout");
    }

    [Fact]
    public async Task Connections_beyond_the_pending_handshake_limit_are_closed_at_once()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2, tune: o => o with { HandshakesPendingMax = 1 });
        mesh.Start(2);

        await using (RawPeer pending = await RawPeer.ConnectPlainAsync(mesh.EndpointOf(2)))
        await using (RawPeer extra = await RawPeer.ConnectPlainAsync(mesh.EndpointOf(2)))
        {
            Assert.True(await extra.IsClosedByPeerAsync(CloseWithin));
            await Eventually.HoldsAsync(() => mesh.Log.Contains("node2", LogLevel.Warning, "1 handshakes already pending"), "node 2 logs the overflow");
        }

        // Once the pending one is gone, a real peer gets in.
        mesh.Start(1);
        await mesh.WaitForFullMeshAsync();
    }

    [Fact]
    public async Task Dispose_stops_everything_and_fails_waiting_senders_and_readers()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2, tune: o => o with { OutboundQueueBytesMax = 64 * 1024 });
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();
        PeerTransport node1 = mesh[1];
        IPEndPoint endpoint = node1.ListenEndPoint;

        await mesh.StopAsync(2);
        await Eventually.HoldsAsync(() => node1.GetStatus(2).State != PeerConnectionState.Connected, "node 1 notices node 2 is gone");
        while (node1.TrySend(2, TestMesh.Consensus(1, 0, 1000)))
        {
        }
        ValueTask blockedSend = node1.SendAsync(2, TestMesh.Consensus(1, 1, 1000));
        ValueTask<InboundFrame> blockedRead = node1.Inbox.ReadAsync();
        Assert.False(blockedSend.IsCompleted);

        await mesh.StopAsync(1);

        Assert.Equal(0, node1.RunningTaskCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await blockedSend);
        await Assert.ThrowsAsync<ChannelClosedException>(async () => await blockedRead);
        Assert.True(node1.Inbox.Completion.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => node1.TrySend(2, TestMesh.Consensus(1, 2)));
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync(endpoint));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Dispose_while_connected_leaves_no_task_running_and_the_peer_notices()
    {
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();
        for (int i = 0; i < 100; i++)
        {
            mesh[2].TrySend(1, TestMesh.Consensus(2, i, 10_000));
            mesh[2].TrySend(3, TestMesh.Consensus(2, i, 10_000));
        }
        PeerTransport node2 = mesh[2];

        await mesh.StopAsync(2);

        Assert.Equal(0, node2.RunningTaskCount);
        await Eventually.HoldsAsync(() => mesh[1].GetStatus(2).State != PeerConnectionState.Connected, "node 1 notices node 2 is gone");
        await Eventually.HoldsAsync(() => mesh[3].GetStatus(2).State != PeerConnectionState.Connected, "node 3 notices node 2 is gone");
        await ExchangeAsync(mesh, 1, 3, sequence: 1);
    }

    private static async Task<RawPeer> ConnectAsNode1Async(TestMesh mesh)
    {
        RawPeer peer = await RawPeer.ConnectAsNodeAsync(mesh.EndpointOf(2), mesh.CredentialsOf(1).Certificate, 1);
        PeerHello hello = await peer.ReadHelloAsync();
        Assert.Equal(2u, hello.NodeId);
        await Eventually.HoldsAsync(() => mesh[2].GetStatus(1).State == PeerConnectionState.Connected, "node 2 accepts the raw node 1");
        return peer;
    }

    private static async Task AssertBadFrameLoggedAsync(TestMesh mesh, FrameError expected)
    {
        await Eventually.HoldsAsync(() => mesh.Log.Contains("node2", LogLevel.Warning, "Bad frame from node 1", $"({expected})"),
            $"node 2 logs a {expected} frame");
        await Eventually.HoldsAsync(() => mesh[2].GetStatus(1).State == PeerConnectionState.Disconnected, "node 2 drops the connection");
        Assert.Equal(1, mesh[2].Metrics.Peer(1).FrameErrors);
        Assert.Contains(expected.ToString(), mesh[2].GetStatus(1).LastError);
    }

    private static async Task AssertStillServesAsync(TestMesh mesh)
    {
        await ExchangeAsync(mesh, 2, 3, sequence: 1);
        Assert.Equal(1, mesh[2].GetStatus(3).ConnectionsOpened);
    }

    /// <summary>One frame each way between a and b; frames from other peers still in the inboxes are skipped.</summary>
    private static async Task ExchangeAsync(TestMesh mesh, uint a, uint b, int sequence)
    {
        await mesh[a].SendAsync(b, TestMesh.Consensus(a, sequence));
        await mesh[b].SendAsync(a, TestMesh.Consensus(b, sequence));
        Assert.Equal((a, sequence), TestMesh.Decode((await NextFromAsync(mesh[b], a)).Message));
        Assert.Equal((b, sequence), TestMesh.Decode((await NextFromAsync(mesh[a], b)).Message));
    }

    private static async Task<InboundFrame> NextFromAsync(PeerTransport transport, uint peerId)
    {
        while (true)
        {
            InboundFrame frame = (await TestMesh.ReceiveAsync(transport, 1))[0];
            if (frame.PeerId == peerId) return frame;
        }
    }

    private static byte[] BigEndian(int length)
    {
        byte[] prefix = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)length);
        return prefix;
    }
}
