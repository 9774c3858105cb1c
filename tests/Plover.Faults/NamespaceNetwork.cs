using System.Net;
using System.Security.Cryptography;

namespace Plover.Faults;

/// <summary>
/// One network namespace per node, each with a veth into a bridge in the host's namespace that also
/// carries an address, so the harness (clients, status probes) reaches every node. A link cut is a
/// blackhole route to the other node on each side: packets vanish, as when a cable is pulled, and
/// established connections stall until their own timeouts notice. Names carry a random tag so
/// concurrent runs do not meet; everything is deleted on dispose.
/// </summary>
public sealed class NamespaceNetwork : NodeNetwork
{
    /// <summary>Inside its own namespace every node may use the same ports: nothing else binds there.</summary>
    private const int ServicePort = 7001;
    private const int StatusPort = 7011;
    private const int PeerPort = 7021;
    private const byte HostOctet = 254;

    private readonly string tag;
    private readonly byte subnet;
    private readonly HashSet<(uint, uint)> cuts = [];
    private bool disposed;

    private NamespaceNetwork(string tag, byte subnet)
    {
        this.tag = tag;
        this.subnet = subnet;
    }

    public override string? LinkCutsUnavailable => null;

    private string Bridge => $"plb{tag}";

    public string Namespace(uint node) => $"pln{tag}{node}";

    private string HostSide(uint node) => $"plh{tag}{node}";

    private string NodeSide(uint node) => $"plv{tag}{node}";

    /// <summary>Null when namespaces can be made here, else the reason they cannot.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "not Linux";
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root") return "not running as root";
        // Random, so that probes of concurrent tests in one process do not meet.
        string probe = $"plprobe{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";
        (int code, string output) = SetupCommand.TryRun("ip", "netns", "add", probe);
        if (code != 0) return $"`ip netns add` failed: {output.Trim()}";
        SetupCommand.TryRun("ip", "netns", "del", probe);
        return null;
    }

    public static NamespaceNetwork Create()
    {
        byte[] random = RandomNumberGenerator.GetBytes(3);
        string tag = Convert.ToHexString(random)[..5].ToLowerInvariant();
        var network = new NamespaceNetwork(tag, (byte)(16 + random[2] % 200));
        try
        {
            network.Build();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private void Build()
    {
        SetupCommand.Run("ip", "link", "add", Bridge, "type", "bridge");
        SetupCommand.Run("ip", "addr", "add", $"{HostAddress}/24", "dev", Bridge);
        SetupCommand.Run("ip", "link", "set", Bridge, "up");
        foreach (uint node in new uint[] { 1, 2, 3 })
        {
            SetupCommand.Run("ip", "netns", "add", Namespace(node));
            SetupCommand.Run("ip", "link", "add", HostSide(node), "type", "veth", "peer", "name", NodeSide(node));
            SetupCommand.Run("ip", "link", "set", NodeSide(node), "netns", Namespace(node));
            SetupCommand.Run("ip", "link", "set", HostSide(node), "master", Bridge);
            SetupCommand.Run("ip", "link", "set", HostSide(node), "up");
            SetupCommand.Run("ip", "-n", Namespace(node), "addr", "add", $"{Address(node)}/24", "dev", NodeSide(node));
            SetupCommand.Run("ip", "-n", Namespace(node), "link", "set", NodeSide(node), "up");
            SetupCommand.Run("ip", "-n", Namespace(node), "link", "set", "lo", "up");
        }
    }

    private IPAddress HostAddress => new([10, 213, subnet, HostOctet]);

    public override IPAddress Address(uint node) => new([10, 213, subnet, (byte)node]);

    public override IPEndPoint Service(uint node) => new(Address(node), ServicePort);

    public override IPEndPoint Status(uint node) => new(Address(node), StatusPort);

    public override IPEndPoint Peer(uint node) => new(Address(node), PeerPort);

    public override IReadOnlyList<string> Wrap(uint node, IReadOnlyList<string> command) => ["ip", "netns", "exec", Namespace(node), .. command];

    public override void Cut(uint a, uint b)
    {
        if (!cuts.Add(Ordered(a, b))) return;
        SetupCommand.Run("ip", "-n", Namespace(a), "route", "add", "blackhole", $"{Address(b)}/32");
        SetupCommand.Run("ip", "-n", Namespace(b), "route", "add", "blackhole", $"{Address(a)}/32");
    }

    public override void Heal(uint a, uint b)
    {
        if (!cuts.Remove(Ordered(a, b))) return;
        SetupCommand.Run("ip", "-n", Namespace(a), "route", "del", "blackhole", $"{Address(b)}/32");
        SetupCommand.Run("ip", "-n", Namespace(b), "route", "del", "blackhole", $"{Address(a)}/32");
    }

    private static (uint, uint) Ordered(uint a, uint b) => a < b ? (a, b) : (b, a);

    public override void Dispose()
    {
        if (disposed) return;
        disposed = true;
        // Deleting a namespace deletes the veth end inside it, and with it the host end.
        foreach (uint node in new uint[] { 1, 2, 3 }) SetupCommand.TryRun("ip", "netns", "del", Namespace(node));
        SetupCommand.TryRun("ip", "link", "del", Bridge);
    }
}
