using System.Net;
using System.Security.Cryptography.X509Certificates;
using Plover.Cli.Deploy;
using Plover.Engine.Config;
using Plover.Engine.Security;

namespace Plover.Deploy.Tests;

public sealed class DryRunTests : IDisposable
{
    private static readonly string[] Hosts = ["192.0.2.11", "192.0.2.12", "192.0.2.13"];
    private readonly TempFolder folder = new();
    private readonly string guest;

    public DryRunTests()
    {
        guest = folder.Sub("kv.wasm");
        File.WriteAllBytes(guest, [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);
    }

    public void Dispose() => folder.Dispose();

    private DeploymentSpec Prepare(string output, string[]? hosts = null) =>
        BundleWriter.Prepare(new PrepareRequest(output, hosts ?? Hosts, guest, SshUser: "ops"), DateTimeOffset.UtcNow);

    [Fact]
    public void Every_node_config_is_valid_for_the_engine_and_names_its_own_host()
    {
        string output = folder.Sub("bundle");
        DeploymentSpec spec = Prepare(output);
        var layout = new BundleLayout(output);
        foreach (uint node in DeploymentSpec.NodeIds)
        {
            NodeConfig config = NodeConfigReader.ReadFile(layout.NodeConfig(node));
            Assert.Equal(spec.ClusterId, config.ClusterId);
            Assert.Equal(node, config.NodeId);
            Assert.Equal([1u, 2u, 3u], config.Members.Select(m => m.Id));
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(new IPEndPoint(IPAddress.Parse(Hosts[i]), DeploymentSpec.PeerPortDefault), config.Members[i].Peer);
                Assert.Equal(new IPEndPoint(IPAddress.Parse(Hosts[i]), DeploymentSpec.ServicePortDefault), config.Members[i].Service);
            }
            Assert.Equal(Path.Combine(layout.Node(node), "data"), config.DataDirectory);
            Assert.Equal(layout.NodeCertificates(node), config.CertificateDirectory);
            Assert.Equal(File.ReadAllBytes(guest), File.ReadAllBytes(config.GuestPath));
            Assert.StartsWith(layout.Node(node), config.GuestPath);
            Assert.Equal(new IPEndPoint(IPAddress.Parse(Hosts[node - 1]), DeploymentSpec.StatusPortDefault), config.Status.Listen);
            Assert.Equal(spec.StatusToken, config.Status.Token);
            Assert.Equal(ReplicationMode.Vsmr, config.Mode);
        }
    }

    [Fact]
    public void Node_certificates_verify_against_the_cluster_CA_and_name_their_node_and_address()
    {
        string output = folder.Sub("bundle");
        DeploymentSpec spec = Prepare(output);
        var layout = new BundleLayout(output);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 authority = new CertificateFolder(layout.Authority).ReadAuthorityCertificate(now);
        foreach (uint node in DeploymentSpec.NodeIds)
        {
            var certificates = new CertificateFolder(layout.NodeCertificates(node));
            using NodeCredentials credentials = certificates.ReadNode(new NodeIdentity(spec.ClusterId, node), now);
            Assert.Equal(authority.Thumbprint, credentials.Authority.Thumbprint);
            Assert.True(credentials.Verify(now).IsValid, $"node {node}: {credentials.Verify(now)}");
            string names = credentials.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Format(false);
            Assert.Contains(Hosts[node - 1], names);
            Assert.Contains($"plover://{spec.ClusterId}/node/{node}", names);
            Assert.False(File.Exists(Path.Combine(layout.NodeCertificates(node), CertificateFolder.AuthorityKeyFile)), "the CA key never leaves the operator's bundle root");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(certificates.NodeKeyPath(node)));
            Assert.Throws<CertificateException>(() => certificates.ReadNode(new NodeIdentity(spec.ClusterId, node % 3 + 1), now));
        }
    }

    [Fact]
    public void Units_and_run_scripts_start_the_node_from_the_install_folder()
    {
        string output = folder.Sub("bundle");
        DeploymentSpec spec = BundleWriter.Prepare(new PrepareRequest(output, Hosts, guest, InstallDirectory: "/srv/plover", ServicePort: 6379), DateTimeOffset.UtcNow);
        var layout = new BundleLayout(output);
        foreach (uint node in DeploymentSpec.NodeIds)
        {
            string unit = File.ReadAllText(layout.Unit(node));
            Assert.Contains($"ExecStart=/srv/plover/node{node}/run-node", unit);
            Assert.Contains($"WorkingDirectory=/srv/plover/node{node}", unit);
            Assert.Contains($"ReadWritePaths=/srv/plover/node{node}/data", unit);
            Assert.Contains("RestartPreventExitStatus=2 3", unit);
            Assert.Contains("WantedBy=multi-user.target", unit);
            Assert.True((File.GetUnixFileMode(layout.RunScript(node)) & UnixFileMode.UserExecute) != 0);
            Assert.Contains("node --config \"$here/node.json\"", File.ReadAllText(layout.RunScript(node)));
            Assert.Equal(6379, NodeConfigReader.ReadFile(layout.NodeConfig(node)).ServiceEndPoint.Port);
        }
        Assert.Equal(spec.ClusterId, DeployFile.Read(layout.DeployFile).ClusterId);
    }

    [Fact]
    public void Preparing_again_keeps_the_cluster_identity_and_certificates_and_refuses_other_hosts()
    {
        string output = folder.Sub("bundle");
        DeploymentSpec first = Prepare(output);
        var layout = new BundleLayout(output);
        string certificate = File.ReadAllText(Path.Combine(layout.NodeCertificates(2), CertificateFolder.NodeCertificateFile(2)));
        DeploymentSpec second = Prepare(output);
        Assert.Equal(first.ClusterId, second.ClusterId);
        Assert.Equal(first.StatusToken, second.StatusToken);
        Assert.Equal(certificate, File.ReadAllText(Path.Combine(layout.NodeCertificates(2), CertificateFolder.NodeCertificateFile(2))));
        var e = Assert.Throws<DeployException>(() => Prepare(output, ["192.0.2.11", "192.0.2.12", "192.0.2.99"]));
        Assert.Contains("was prepared for hosts 192.0.2.11, 192.0.2.12, 192.0.2.13", e.Message);
    }

    [Theory]
    [InlineData("192.0.2.11,192.0.2.11,192.0.2.13", "is given twice")]
    [InlineData("192.0.2.11,127.0.0.1,192.0.2.13", "loopback")]
    [InlineData("192.0.2.11,db2.example,192.0.2.13", "host 'db2.example' is not an IP address")]
    [InlineData("192.0.2.11,192.0.2.12", "exactly 3 host addresses")]
    public void Bad_hosts_are_refused_by_name(string hosts, string expected)
    {
        var e = Assert.Throws<DeployException>(() => Prepare(folder.Sub("bad"), hosts.Split(',')));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Equal_ports_and_a_missing_guest_are_refused()
    {
        var ports = Assert.Throws<DeployException>(() =>
            BundleWriter.Prepare(new PrepareRequest(folder.Sub("p"), Hosts, guest, ServicePort: 7100), DateTimeOffset.UtcNow));
        Assert.Contains("ports must differ", ports.Message);
        var missing = Assert.Throws<DeployException>(() =>
            BundleWriter.Prepare(new PrepareRequest(folder.Sub("g"), Hosts, folder.Sub("none.wasm")), DateTimeOffset.UtcNow));
        Assert.Contains("does not exist", missing.Message);
    }

    [Fact]
    public async Task The_script_dry_run_writes_the_bundle_and_a_plan_without_touching_any_host()
    {
        string output = folder.Sub("script");
        Programs.Result run = await Programs.RunAsync(Path.Combine(Programs.Root, "deploy", "plover-deploy"),
            ["--dry-run", "--no-binaries", "--out", output, "--guest", guest, "--user", "ops", .. Hosts], TimeSpan.FromMinutes(4));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("dry run", run.Stdout);
        var layout = new BundleLayout(output);
        foreach (uint node in DeploymentSpec.NodeIds) NodeConfigReader.ReadFile(layout.NodeConfig(node));
        string plan = File.ReadAllText(Path.Combine(output, "plan.sh"));
        for (int n = 1; n <= 3; n++)
        {
            Assert.Contains($"| ssh -o BatchMode=yes -o ConnectTimeout=10 ops@{Hosts[n - 1]} 'sudo tar -C /opt/plover", plan);
            Assert.Contains($"bin node{n} |", plan);
            Assert.Contains($"chown -R plover:plover /opt/plover/node{n}", plan);
        }
        Assert.Equal(3, plan.Split("systemctl restart plover-node").Length - 1);
        Assert.False(Directory.Exists(layout.Binaries));
        Assert.Equal("ops", DeployFile.Read(layout.DeployFile).SshUser);
    }

    [Fact]
    public async Task The_script_refuses_anything_but_three_hosts()
    {
        Programs.Result run = await Programs.RunAsync(Path.Combine(Programs.Root, "deploy", "plover-deploy"),
            ["--dry-run", "--no-binaries", "--out", folder.Sub("two"), "--guest", guest, "192.0.2.11", "192.0.2.12"], TimeSpan.FromMinutes(1));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("give exactly three host addresses, got 2", run.Stderr);
    }
}
