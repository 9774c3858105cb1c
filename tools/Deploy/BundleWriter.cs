using System.Net;
using System.Security.Cryptography;
using Plover.Engine.Security;

namespace Plover.Cli.Deploy;

/// <summary>What <c>plover deploy prepare</c> was asked for; null keeps the folder's stored choice (or the default).</summary>
public sealed record PrepareRequest(
    string Output, IReadOnlyList<string> Hosts, string GuestPath, string? SshUser = null,
    Plover.Engine.Config.ReplicationMode Mode = Plover.Engine.Config.ReplicationMode.Vsmr,
    Plover.Engine.Config.NondeterminismMode Nondeterminism = Plover.Engine.Config.NondeterminismMode.Deterministic,
    int ServicePort = DeploymentSpec.ServicePortDefault, int PeerPort = DeploymentSpec.PeerPortDefault, int StatusPort = DeploymentSpec.StatusPortDefault,
    string InstallDirectory = DeploymentSpec.InstallDirectoryDefault);

/// <summary>
/// Writes a deployment bundle (<see cref="BundleLayout"/>): the cluster CA on first use, a
/// certificate per node naming its address, each node's config, run script and systemd unit, and
/// a copy of the guest. Run again on the same folder it keeps the cluster id, token, CA and
/// certificates (a re-deployment must not orphan the nodes' stores) and refuses other hosts.
/// </summary>
public static class BundleWriter
{
    public static DeploymentSpec Prepare(PrepareRequest request, DateTimeOffset now)
    {
        var layout = new BundleLayout(request.Output);
        DeploymentSpec? previous = File.Exists(layout.DeployFile) ? DeployFile.Read(layout.DeployFile) : null;
        DeploymentSpec spec = Resolve(request, previous);
        spec.Validate();
        Directory.CreateDirectory(layout.Root);
        DeployFile.Write(spec, layout.DeployFile);
        IssueCertificates(spec, layout, now);
        foreach (uint node in DeploymentSpec.NodeIds) WriteNode(spec, layout, node);
        return spec;
    }

    private static DeploymentSpec Resolve(PrepareRequest request, DeploymentSpec? previous)
    {
        IPAddress[] hosts = request.Hosts.Select(ParseHost).ToArray();
        if (previous is not null && !previous.Hosts.SequenceEqual(hosts))
            throw new DeployException($"{request.Output} was prepared for hosts {string.Join(", ", previous.Hosts)}; " +
                "its certificates and cluster id belong to them. Use another --out folder for other hosts.");
        return new DeploymentSpec
        {
            Hosts = hosts,
            GuestFile = Path.GetFullPath(request.GuestPath),
            SshUser = request.SshUser,
            Mode = request.Mode,
            Nondeterminism = request.Nondeterminism,
            ServicePort = request.ServicePort,
            PeerPort = request.PeerPort,
            StatusPort = request.StatusPort,
            InstallDirectory = request.InstallDirectory,
            ClusterId = previous?.ClusterId ?? Guid.NewGuid().ToString(),
            StatusToken = previous?.StatusToken ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(DeploymentSpec.StatusTokenBytes)).ToLowerInvariant(),
        };
    }

    private static IPAddress ParseHost(string host) => IPAddress.TryParse(host, out IPAddress? address)
        ? address
        : throw new DeployException($"host '{host}' is not an IP address: node configs bind and dial IP addresses (resolve names first)");

    private static void IssueCertificates(DeploymentSpec spec, BundleLayout layout, DateTimeOffset now)
    {
        var authorityFolder = new CertificateFolder(layout.Authority);
        Directory.CreateDirectory(authorityFolder.Path);
        if (!authorityFolder.HasAuthority)
        {
            using ClusterCertificateAuthority created = ClusterCertificateAuthority.Create(spec.ClusterId, now);
            authorityFolder.WriteAuthority(created);
        }
        using ClusterCertificateAuthority authority = authorityFolder.ReadAuthority(now);
        foreach (uint node in DeploymentSpec.NodeIds)
        {
            var nodeFolder = new CertificateFolder(layout.NodeCertificates(node));
            Directory.CreateDirectory(nodeFolder.Path);
            var identity = new NodeIdentity(spec.ClusterId, node);
            if (nodeFolder.HasNode(node))
            {
                nodeFolder.ReadNode(identity, now).Dispose(); // must still verify against this CA
                continue;
            }
            using NodeCredentials issued = authority.IssueNode(identity, [spec.Host(node).ToString()], now);
            nodeFolder.WriteNode(issued);
        }
    }

    private static void WriteNode(DeploymentSpec spec, BundleLayout layout, uint node)
    {
        string guest = layout.NodeGuest(node, Path.GetFileName(spec.GuestFile));
        Directory.CreateDirectory(Path.GetDirectoryName(guest)!);
        File.Copy(spec.GuestFile, guest, overwrite: true);
        File.WriteAllText(layout.NodeConfig(node), NodeFiles.ConfigJson(spec, node));
        File.WriteAllText(layout.RunScript(node), NodeFiles.RunScript());
        File.WriteAllText(layout.Unit(node), NodeFiles.SystemdUnit(spec, node));
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(layout.NodeConfig(node), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead); // holds the status token
        File.SetUnixFileMode(layout.RunScript(node), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
