using System.Net;
using Plover.Engine.Security;
using Plover.Engine.Transport;
using Plover.Engine.Wire;
using Google.Protobuf;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Transport;

/// <summary>
/// Nodes of one test cluster on 127.0.0.1: a CA, credentials and a listener (port 0) per node, and
/// transports that can be started, stopped and restarted on the same port.
/// </summary>
internal sealed class TestMesh : IAsyncDisposable
{
    public const string ClusterId = "test-cluster";

    private readonly Dictionary<uint, NodeCredentials> credentials = [];
    private readonly Dictionary<uint, IPEndPoint> endpoints = [];
    private readonly Dictionary<uint, PeerListener> idleListeners = [];
    private readonly Dictionary<uint, PeerTransport> transports = [];
    private readonly Func<TransportOptions, TransportOptions> tune;

    private TestMesh(IReadOnlyList<uint> nodeIds, ITestOutputHelper output, Func<TransportOptions, TransportOptions>? tune, TimeSpan authorityAge)
    {
        NodeIds = nodeIds;
        Log = new CapturedLog(output);
        this.tune = tune ?? (o => o);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Authority = ClusterCertificateAuthority.Create(ClusterId, now - authorityAge);
        foreach (uint id in nodeIds)
        {
            credentials[id] = Authority.IssueNode(new NodeIdentity(ClusterId, id), ["localhost", "127.0.0.1"], now);
            PeerListener listener = PeerListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            idleListeners[id] = listener;
            endpoints[id] = listener.LocalEndPoint;
        }
    }

    public IReadOnlyList<uint> NodeIds { get; }

    public ClusterCertificateAuthority Authority { get; }

    public CapturedLog Log { get; }

    public PeerTransport this[uint id] => transports[id];

    /// <param name="authorityAge">How long ago the CA was created (to issue certificates that have expired since).</param>
    public static TestMesh Create(ITestOutputHelper output, uint nodeCount = 3, Func<TransportOptions, TransportOptions>? tune = null,
        TimeSpan authorityAge = default) =>
        new(Enumerable.Range(1, (int)nodeCount).Select(i => (uint)i).ToArray(), output, tune, authorityAge);

    public IPEndPoint EndpointOf(uint id) => endpoints[id];

    public NodeCredentials CredentialsOf(uint id) => credentials[id];

    public TransportOptions OptionsFor(uint id) => tune(new TransportOptions
    {
        Peers = NodeIds.Where(p => p != id).ToDictionary(p => p, p => (EndPoint)endpoints[p]),
        ReconnectDelayMax = TimeSpan.FromMilliseconds(250),
        JitterSeed = (int)id,
    });

    /// <summary>Builds node <paramref name="id"/>'s transport on its port, with optional different credentials, and starts it unless told not to.</summary>
    public PeerTransport Start(uint id, NodeCredentials? withCredentials = null, bool start = true, TransportOptions? withOptions = null)
    {
        if (!idleListeners.Remove(id, out PeerListener? listener))
            listener = PeerListener.Bind(endpoints[id]);
        var transport = new PeerTransport(withCredentials ?? credentials[id], listener, withOptions ?? OptionsFor(id), Log.ForNode($"node{id}"));
        transports[id] = transport;
        if (start) transport.Start();
        return transport;
    }

    public void StartAll()
    {
        foreach (uint id in NodeIds) Start(id);
    }

    /// <summary>Waits until node <paramref name="node"/> has logged a refusal of a connection for <paramref name="reason"/>.</summary>
    public async Task WaitForRefusalAsync(uint node, string direction, PeerRefusalReason reason)
    {
        await Eventually.HoldsAsync(
            () => Log.Contains($"node{node}", Microsoft.Extensions.Logging.LogLevel.Warning, $"Refused {direction} connection", $": {reason}: "),
            $"node {node} logs a refused {direction} connection for {reason}");
        Assert.True(transports[node].Metrics.Refusals(reason) >= 1);
    }

    public async Task StopAsync(uint id)
    {
        if (transports.Remove(id, out PeerTransport? transport)) await transport.DisposeAsync();
    }

    public async Task WaitConnectedAsync(uint from, uint to) =>
        await Eventually.WithinAsync(transports[from].WaitUntilConnectedAsync(to), $"node {from} connected with node {to}");

    public async Task WaitForFullMeshAsync()
    {
        foreach (uint from in transports.Keys)
            foreach (uint to in transports.Keys.Where(t => t != from))
                await WaitConnectedAsync(from, to);
    }

    public static Envelope Consensus(uint sender, int sequence, int payloadBytes = 0)
    {
        byte[] payload = new byte[8 + payloadBytes];
        BitConverter.TryWriteBytes(payload.AsSpan(0, 4), sender);
        BitConverter.TryWriteBytes(payload.AsSpan(4, 4), sequence);
        for (int i = 8; i < payload.Length; i++) payload[i] = (byte)(i * 31 + sequence);
        return new Envelope { Consensus = new ConsensusMessage { Payload = ByteString.CopyFrom(payload) } };
    }

    public static (uint Sender, int Sequence) Decode(Envelope message)
    {
        ReadOnlySpan<byte> payload = message.Consensus.Payload.Span;
        return (BitConverter.ToUInt32(payload[..4]), BitConverter.ToInt32(payload[4..8]));
    }

    public static async Task<List<InboundFrame>> ReceiveAsync(PeerTransport transport, int count, TimeSpan? timeout = null)
    {
        var frames = new List<InboundFrame>(count);
        using var cancellation = new CancellationTokenSource(timeout ?? Eventually.TimeoutDefault);
        try
        {
            while (frames.Count < count) frames.Add(await transport.Inbox.ReadAsync(cancellation.Token));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"node {transport.Identity.NodeId} received {frames.Count} of {count} frames in time");
        }
        return frames;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (PeerTransport transport in transports.Values) await transport.DisposeAsync();
        transports.Clear();
        foreach (PeerListener listener in idleListeners.Values) listener.Dispose();
        foreach (NodeCredentials node in credentials.Values) node.Dispose();
        Authority.Dispose();
    }
}
