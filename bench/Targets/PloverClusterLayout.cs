namespace Plover.Bench.Targets;

/// <summary>
/// Where a local three-node cluster started with <c>plover cluster up --port-base P --data DIR</c>
/// puts things: the contract between the engine's cluster command and this bench.
/// </summary>
public static class PloverClusterLayout
{
    public const int Nodes = 3;

    /// <summary>
    /// ASSUMED, the one place to change: the engine has not published its status port yet. The bench
    /// expects node N's status endpoint (with <c>/metrics</c>) on loopback port P + 10 + N.
    /// </summary>
    public const int StatusPortOffset = 10;

    /// <summary>Ports reserved above P for one cluster (service, status and peer ports all fall inside).</summary>
    public const int PortSpan = 100;

    /// <summary>Node N (1..3) serves clients on P + N (the cluster command's documented layout).</summary>
    public static int ServicePort(int portBase, int node) => portBase + CheckNode(node);

    public static Uri MetricsUrl(int portBase, int node) => new($"http://127.0.0.1:{portBase + StatusPortOffset + CheckNode(node)}/metrics");

    /// <summary>Node N keeps its store and its process id in DIR/nodeN.</summary>
    public static string PidFile(string dataDir, int node) => Path.Combine(dataDir, $"node{CheckNode(node)}", "node.pid");

    private static int CheckNode(int node) =>
        node is >= 1 and <= Nodes ? node : throw new ArgumentOutOfRangeException(nameof(node), node, $"nodes are numbered 1 to {Nodes}");
}
