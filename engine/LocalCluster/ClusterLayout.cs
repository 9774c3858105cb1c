using System.Net;

namespace Plover.Engine.LocalCluster;

/// <summary>
/// Where a local three-node cluster (<c>plover cluster up --port-base P --data DIR</c>) puts things:
/// node N serves clients on P + N, its status endpoint on P + 10 + N and its peers on P + 20 + N,
/// all on 127.0.0.1; it keeps its store, log, config and pid file in DIR/nodeN; the certificates
/// are in DIR/certs and the cluster's settings in DIR/cluster.json.
/// </summary>
public sealed class ClusterLayout(string dataDirectory, int portBase)
{
    public const int Nodes = 3;
    public const int StatusOffset = 10;
    public const int PeerOffset = 20;
    public const int PortBaseDefault = 7000;
    public const string DataDirectoryDefault = ".plover/cluster";

    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    public int PortBase { get; } = portBase;

    public static IEnumerable<uint> NodeIds => Enumerable.Range(1, Nodes).Select(n => (uint)n);

    public IPEndPoint Service(uint node) => new(IPAddress.Loopback, PortBase + (int)node);

    public IPEndPoint Status(uint node) => new(IPAddress.Loopback, PortBase + StatusOffset + (int)node);

    public IPEndPoint Peer(uint node) => new(IPAddress.Loopback, PortBase + PeerOffset + (int)node);

    public string NodeDirectory(uint node) => Path.Combine(DataDirectory, $"node{node}");

    public string ConfigFile(uint node) => Path.Combine(NodeDirectory(node), "node.json");

    public string PidFile(uint node) => Path.Combine(NodeDirectory(node), "node.pid");

    public string OutputFile(uint node) => Path.Combine(NodeDirectory(node), "output.log");

    public string LogFile(uint node) => Path.Combine(NodeDirectory(node), "node.log");

    public string Certificates => Path.Combine(DataDirectory, "certs");

    public string SpecFile => Path.Combine(DataDirectory, "cluster.json");

    public static void CheckPortBase(int portBase)
    {
        if (portBase < 1 || portBase + PeerOffset + Nodes > 65535)
            throw new ArgumentOutOfRangeException(nameof(portBase), portBase, $"the port base must leave room for {PeerOffset + Nodes} ports below 65536");
    }
}
