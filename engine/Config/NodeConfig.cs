using System.Net;

namespace Plover.Engine.Config;

/// <summary>
/// Everything one replica needs to run, read from its JSON config file by
/// <see cref="NodeConfigReader"/> (which names the field of any error). Paths are absolute.
/// </summary>
public sealed record NodeConfig
{
    public required string ClusterId { get; init; }

    public required uint NodeId { get; init; }

    /// <summary>Every node of the cluster, this one included, by id.</summary>
    public required IReadOnlyList<MemberConfig> Members { get; init; }

    /// <summary>Where the node keeps its store, its log file and its pid file.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The prepared (Asyncify) WASI module to serve.</summary>
    public required string GuestPath { get; init; }

    /// <summary>argv of the guest, program name first.</summary>
    public IReadOnlyList<string> GuestArguments { get; init; } = ["guest"];

    public ReplicationMode Mode { get; init; } = ReplicationMode.Vsmr;

    public NondeterminismMode Nondeterminism { get; init; } = NondeterminismMode.Deterministic;

    public EpochSettings Epoch { get; init; } = new();

    public CheckpointSettings Checkpoint { get; init; } = new();

    public GuestLimits Limits { get; init; } = new();

    public required StatusSettings Status { get; init; }

    /// <summary>Folder holding ca.crt and this node's node-N.crt / node-N.key.</summary>
    public required string CertificateDirectory { get; init; }

    public MemberConfig Self => Members.Single(m => m.Id == NodeId);

    public IEnumerable<MemberConfig> Peers => Members.Where(m => m.Id != NodeId);

    public string StorePath => Path.Combine(DataDirectory, "store");

    public string PidFilePath => Path.Combine(DataDirectory, "node.pid");

    public string LogFilePath => Path.Combine(DataDirectory, "node.log");

    public bool IsReplicated => Mode != ReplicationMode.None;

    public IPEndPoint ServiceEndPoint => Self.Service;
}
