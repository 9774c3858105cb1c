namespace Plover.Cli.Deploy;

/// <summary>
/// The folder <c>plover deploy prepare</c> writes (and <c>deploy/plover-deploy</c> copies from):
/// <code>
/// OUT/deploy.json              the deployment (hosts, ports, cluster id, status token)
/// OUT/ca/ca.crt, ca.key        the cluster CA: the key stays on the operator's machine
/// OUT/bin/                     the published plover (written by deploy/plover-deploy)
/// OUT/nodeN/node.json          node N's config; every path in it is relative to nodeN/
/// OUT/nodeN/certs/             ca.crt, node-N.crt, node-N.key (0600)
/// OUT/nodeN/guest/GUEST.wasm   the guest
/// OUT/nodeN/run-node           what the systemd unit runs (ExecStart)
/// OUT/nodeN/plover-node.service  the systemd unit
/// </code>
/// On host N, OUT/bin and OUT/nodeN go to INSTALL/bin and INSTALL/nodeN; the store then lives in
/// INSTALL/nodeN/data.
/// </summary>
public sealed class BundleLayout(string root)
{
    public const string DeployFileName = "deploy.json";
    public const string UnitFileName = "plover-node.service";
    public const string RunScriptName = "run-node";
    public const string DataFolderName = "data";
    public const string CertificatesFolderName = "certs";
    public const string GuestFolderName = "guest";

    public string Root { get; } = Path.GetFullPath(root);

    public string DeployFile => Path.Combine(Root, DeployFileName);

    public string Authority => Path.Combine(Root, "ca");

    public string Binaries => Path.Combine(Root, "bin");

    public static string NodeFolderName(uint node) => $"node{node}";

    public string Node(uint node) => Path.Combine(Root, NodeFolderName(node));

    public string NodeConfig(uint node) => Path.Combine(Node(node), "node.json");

    public string NodeCertificates(uint node) => Path.Combine(Node(node), CertificatesFolderName);

    public string NodeGuest(uint node, string guestFileName) => Path.Combine(Node(node), GuestFolderName, guestFileName);

    public string RunScript(uint node) => Path.Combine(Node(node), RunScriptName);

    public string Unit(uint node) => Path.Combine(Node(node), UnitFileName);
}
