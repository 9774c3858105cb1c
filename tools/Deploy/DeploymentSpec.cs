using System.Net;
using Plover.Engine.Config;

namespace Plover.Cli.Deploy;

/// <summary>
/// A three-host deployment: the hosts' addresses (node N runs on <see cref="Hosts"/>[N-1]), the
/// guest, the modes, the ports every node uses on its own address, where the bundle is installed
/// on each host, the SSH user, and the cluster's identity (id and status token, kept across
/// re-deployments so that stores and certificates stay valid).
/// </summary>
public sealed record DeploymentSpec
{
    public const int Nodes = 3;
    public const int ServicePortDefault = 7000;
    public const int PeerPortDefault = 7100;
    public const int StatusPortDefault = 7200;
    public const string InstallDirectoryDefault = "/opt/plover";
    public const int StatusTokenBytes = 24;

    public required IReadOnlyList<IPAddress> Hosts { get; init; }
    public required string GuestFile { get; init; }
    public ReplicationMode Mode { get; init; } = ReplicationMode.Vsmr;
    public NondeterminismMode Nondeterminism { get; init; } = NondeterminismMode.Deterministic;
    public int ServicePort { get; init; } = ServicePortDefault;
    public int PeerPort { get; init; } = PeerPortDefault;
    public int StatusPort { get; init; } = StatusPortDefault;
    public string InstallDirectory { get; init; } = InstallDirectoryDefault;
    public string? SshUser { get; init; }
    public required string ClusterId { get; init; }
    public required string StatusToken { get; init; }

    public static IEnumerable<uint> NodeIds => Enumerable.Range(1, Nodes).Select(n => (uint)n);

    public IPAddress Host(uint node) => Hosts[(int)node - 1];

    public IPEndPoint Service(uint node) => new(Host(node), ServicePort);

    public IPEndPoint Peer(uint node) => new(Host(node), PeerPort);

    public IPEndPoint Status(uint node) => new(Host(node), StatusPort);

    /// <summary>Refuses a spec that cannot make a working cluster, naming the field.</summary>
    public void Validate()
    {
        if (Hosts.Count != Nodes) throw new DeployException($"a deployment needs exactly {Nodes} host addresses, got {Hosts.Count}");
        IPAddress? repeated = Hosts.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null) throw new DeployException($"host address {repeated} is given twice: each node needs its own host");
        if (Hosts.Any(IPAddress.IsLoopback)) throw new DeployException("a loopback address cannot be reached by the other hosts; use `plover cluster up` for a cluster on one machine");
        int[] ports = [ServicePort, PeerPort, StatusPort];
        if (ports.Any(p => p is < 1 or > 65535)) throw new DeployException($"ports must be 1..65535, got service {ServicePort}, peer {PeerPort}, status {StatusPort}");
        if (ports.Distinct().Count() != ports.Length) throw new DeployException($"the service, peer and status ports must differ, got {ServicePort}, {PeerPort}, {StatusPort}");
        if (!Path.IsPathRooted(InstallDirectory) || InstallDirectory.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\' or '$'))
            throw new DeployException($"--install-dir '{InstallDirectory}' must be an absolute path without spaces, quotes, backslashes or $");
        if (!File.Exists(GuestFile)) throw new DeployException($"the guest {GuestFile} does not exist (run scripts/setup to build the guests)");
        if (SshUser is { } user && (user.Length == 0 || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
            throw new DeployException($"--user '{SshUser}' is not a user name");
    }
}

/// <summary>A deployment cannot be prepared or checked as asked; the message says why and what to do.</summary>
public sealed class DeployException(string message) : Exception(message);
