using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Plover.Engine.Config;
using Plover.Engine.Hosting;
using Plover.Engine.Security;
using Plover.Engine.Tests.Fakes;
using Plover.Engine.Tests.Transport;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Hosting;

/// <summary>
/// Three replica nodes in this process, over real TLS transport and real RocksDB stores in a temp
/// folder, each serving a fake guest. Ports are probed free on loopback.
/// </summary>
internal sealed class NodeCluster : IAsyncDisposable
{
    public const string ClusterId = "in-process-cluster";

    private readonly string root = Path.Combine(Path.GetTempPath(), $"plover-nodes-{Guid.NewGuid():N}");
    private readonly Func<NodeConfig, NodeConfig> tune;
    private readonly CapturedLog log;

    public NodeCluster(ReplicationMode mode, bool passthrough, ITestOutputHelper output, Func<NodeConfig, NodeConfig>? tune = null)
    {
        this.tune = tune ?? (c => c);
        log = new CapturedLog(output);
        Directory.CreateDirectory(root);
        string certificates = Path.Combine(root, "certs");
        new CertificateFolder(certificates).Provision(ClusterId, new uint[] { 1, 2, 3 }.Select(n => new NodeCertificateRequest(n, ["localhost", "127.0.0.1"])), DateTimeOffset.UtcNow);
        int[] ports = FreePorts(6);
        Members = [.. Enumerable.Range(0, 3).Select(i => new MemberConfig((uint)i + 1,
            new IPEndPoint(IPAddress.Loopback, ports[2 * i]), new IPEndPoint(IPAddress.Loopback, ports[2 * i + 1])))];
        Mode = mode;
        Passthrough = passthrough;
        Certificates = certificates;
    }

    public IReadOnlyList<MemberConfig> Members { get; }

    public ReplicationMode Mode { get; }

    public bool Passthrough { get; }

    public string Certificates { get; }

    public SortedDictionary<uint, ReplicaNode> Nodes { get; } = [];

    public NodeConfig ConfigOf(uint id) => tune(new NodeConfig
    {
        ClusterId = ClusterId,
        NodeId = id,
        Members = Members,
        DataDirectory = Path.Combine(root, $"node{id}"),
        GuestPath = "fake",
        Mode = Mode,
        Nondeterminism = Passthrough ? NondeterminismMode.Passthrough : NondeterminismMode.Deterministic,
        Status = new StatusSettings(new IPEndPoint(IPAddress.Loopback, 0), null),
        CertificateDirectory = Certificates,
        Epoch = new EpochSettings { SyncWaitMs = 2000, StragglerWaitMs = 500 },
    });

    /// <summary>Each node's guest factory (its last machine is the node's guest).</summary>
    public SortedDictionary<uint, FakeGuestFactory> Guests { get; } = [];

    public async Task StartAsync(uint id)
    {
        Guests[id] = new FakeGuestFactory(Passthrough, (int)id);
        Nodes[id] = await ReplicaNode.StartAsync(ConfigOf(id), Guests[id], log.ForNode($"node{id}"));
    }

    public async Task StartAllAsync()
    {
        foreach (uint id in new uint[] { 1, 2, 3 }) await StartAsync(id);
    }

    public async Task StopAsync(uint id)
    {
        if (Nodes.Remove(id, out ReplicaNode? node)) await node.DisposeAsync();
    }

    public async Task<uint> WaitForPrimaryAsync(TimeSpan? timeout = null)
    {
        uint primary = 0;
        await Eventually.HoldsAsync(() =>
        {
            primary = Nodes.FirstOrDefault(n => n.Value.Snapshot().ServingBallot != 0).Key;
            return primary != 0;
        }, "a node serves as primary", timeout ?? TimeSpan.FromSeconds(20));
        return primary;
    }

    private static int[] FreePorts(int count)
    {
        var sockets = Enumerable.Range(0, count).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToList();
        int[] ports = sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToArray();
        foreach (Socket socket in sockets) socket.Dispose();
        return ports;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ReplicaNode node in Nodes.Values) await node.DisposeAsync();
        Nodes.Clear();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
