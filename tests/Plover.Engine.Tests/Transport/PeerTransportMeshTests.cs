using System.Security.Cryptography;
using Google.Protobuf;
using Plover.Engine.Transport;
using Plover.Engine.Wire;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Transport;

public class PeerTransportMeshTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_nodes_form_a_full_mesh_and_exchange_frames_both_ways_in_order()
    {
        const int perPeer = 300;
        await using TestMesh mesh = TestMesh.Create(output);
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();

        foreach (uint from in mesh.NodeIds)
            foreach (uint to in mesh.NodeIds.Where(t => t != from))
                for (int i = 0; i < perPeer; i++)
                    await mesh[from].SendAsync(to, TestMesh.Consensus(from, i, payloadBytes: i % 50));

        foreach (uint at in mesh.NodeIds)
        {
            List<InboundFrame> frames = await TestMesh.ReceiveAsync(mesh[at], perPeer * 2);
            foreach (IGrouping<uint, InboundFrame> fromPeer in frames.GroupBy(f => f.PeerId))
            {
                var decoded = fromPeer.Select(f => TestMesh.Decode(f.Message)).ToList();
                Assert.All(decoded, d => Assert.Equal(fromPeer.Key, d.Sender));
                Assert.Equal(Enumerable.Range(0, perPeer), decoded.Select(d => d.Sequence));
            }
            Assert.Equal(mesh.NodeIds.Where(p => p != at).Order(), frames.Select(f => f.PeerId).Distinct().Order());
        }
    }

    [Fact]
    public async Task Peer_addressed_by_host_name_is_dialled()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2);
        var byName = new Dictionary<uint, System.Net.EndPoint> { [2] = new System.Net.DnsEndPoint("localhost", mesh.EndpointOf(2).Port) };
        mesh.Start(1, withOptions: mesh.OptionsFor(1) with { Peers = byName });
        mesh.Start(2);
        await mesh.WaitForFullMeshAsync();

        await mesh[1].SendAsync(2, TestMesh.Consensus(1, 5));
        Assert.Equal((1u, 5), TestMesh.Decode((await TestMesh.ReceiveAsync(mesh[2], 1))[0].Message));
    }

    [Fact]
    public async Task Frames_and_bytes_are_counted_per_peer_and_kind_on_both_sides()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2);
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();

        for (int i = 0; i < 10; i++) await mesh[1].SendAsync(2, TestMesh.Consensus(1, i, 100));
        var hashes = new Envelope { PageHashes = new PageHashes { Epoch = 7, PageIndexes = { 1, 2, 3 }, Hashes = { 11, 12, 13 } } };
        await mesh[1].SendAsync(2, hashes);
        List<InboundFrame> frames = await TestMesh.ReceiveAsync(mesh[2], 11);

        Assert.Equal(hashes, frames[^1].Message);
        PeerTrafficSnapshot sent = mesh[1].Metrics.Peer(2);
        PeerTrafficSnapshot received = mesh[2].Metrics.Peer(1);
        Assert.Equal(10, sent[Envelope.KindOneofCase.Consensus].FramesSent);
        Assert.Equal(1, sent[Envelope.KindOneofCase.PageHashes].FramesSent);
        Assert.Equal(0, sent[Envelope.KindOneofCase.StatePatch].FramesSent);
        Assert.Equal(sent[Envelope.KindOneofCase.Consensus].BytesSent, received[Envelope.KindOneofCase.Consensus].BytesReceived);
        Assert.Equal(sent[Envelope.KindOneofCase.PageHashes].BytesSent, received[Envelope.KindOneofCase.PageHashes].BytesReceived);
        Assert.Equal(frames.Sum(f => (long)f.WireBytes), received[Envelope.KindOneofCase.Consensus].BytesReceived + received[Envelope.KindOneofCase.PageHashes].BytesReceived);
        Assert.Equal(hashes.CalculateSize() + WireProtocol.FramePrefixBytes, frames[^1].WireBytes);
    }

    [Fact]
    public async Task Large_frames_up_to_the_limit_arrive_intact()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2);
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();
        // The envelope adds a few bytes of tags and lengths around the page data.
        int[] sizes = [1, 300_000, 4 * 1024 * 1024 + 7, WireProtocol.FrameBytesMax - 64];
        var sent = sizes.Select((size, i) => Patch(i, RandomNumberGenerator.GetBytes(size))).ToList();

        foreach (Envelope patch in sent) await mesh[2].SendAsync(1, patch);
        List<InboundFrame> frames = await TestMesh.ReceiveAsync(mesh[1], sent.Count);

        Assert.Equal(sent, frames.Select(f => f.Message));
        Assert.All(frames, f => Assert.Equal(2u, f.PeerId));
    }

    [Fact]
    public void Envelope_over_the_frame_limit_is_refused_by_the_sender()
    {
        Envelope tooLarge = Patch(0, new byte[WireProtocol.FrameBytesMax]);
        var error = Assert.Throws<FrameException>(() => FrameEncoderFacade.Encode(tooLarge));
        Assert.Equal(FrameError.Oversized, error.Error);
    }

    [Fact]
    public async Task Many_small_frames_queued_at_once_are_batched_into_few_writes()
    {
        const int count = 5000;
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2);
        PeerTransport sender = mesh.Start(1, start: false);
        mesh.Start(2);
        // Queued before the connection exists, so the writer finds them all waiting.
        for (int i = 0; i < count; i++) Assert.True(sender.TrySend(2, TestMesh.Consensus(1, i, 20)));
        sender.Start();

        List<InboundFrame> frames = await TestMesh.ReceiveAsync(mesh[2], count);

        Assert.Equal(Enumerable.Range(0, count), frames.Select(f => TestMesh.Decode(f.Message).Sequence));
        PeerTrafficSnapshot traffic = sender.Metrics.Peer(2);
        output.WriteLine($"{traffic[Envelope.KindOneofCase.Consensus].FramesSent} frames in {traffic.Writes} writes");
        Assert.True(traffic.Writes * 20 < count, $"{count} frames took {traffic.Writes} writes");
    }

    [Fact]
    public async Task Each_peer_reports_its_connection_state()
    {
        await using TestMesh mesh = TestMesh.Create(output, nodeCount: 2);
        DateTimeOffset before = DateTimeOffset.UtcNow;
        mesh.StartAll();
        await mesh.WaitForFullMeshAsync();

        PeerStatus dialler = mesh[1].GetStatus(2);
        PeerStatus acceptor = mesh[2].GetStatus(1);
        Assert.Equal(PeerConnectionState.Connected, dialler.State);
        Assert.True(dialler.WeDial);
        Assert.False(acceptor.WeDial);
        Assert.Equal(1, acceptor.ConnectionsOpened);
        Assert.True(dialler.Since >= before);

        await mesh.StopAsync(2);
        await Eventually.HoldsAsync(() => mesh[1].GetStatus(2) is { State: not PeerConnectionState.Connected, LastError: not null }, "node 1 sees node 2 gone");
        PeerStatus away = mesh[1].GetStatus(2);
        output.WriteLine($"last error: {away.LastError}");
        Assert.True(away.Since > dialler.Since);

        // Dial retries (every 250 ms at most here) do not move the time the peer went away.
        await Eventually.HoldsAsync(() => mesh.Log.Entries.Count(e => e.Node == "node1" && e.Message.Contains("connect to node 2")) >= 3,
            "node 1 retries a few times");
        PeerStatus later = mesh[1].GetStatus(2);
        Assert.NotEqual(PeerConnectionState.Connected, later.State);
        Assert.Equal(away.Since, later.Since);
        Assert.Contains("ConnectionRefused", later.LastError);
    }

    private static Envelope Patch(int part, byte[] data) => new()
    {
        StatePatch = new StatePatch { Epoch = 1, Part = (uint)part, Pages = { new Page { Index = (uint)part, Data = ByteString.CopyFrom(data) } } },
    };
}
