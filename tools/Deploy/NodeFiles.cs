using System.Text.Json;
using System.Text.Json.Nodes;
using Plover.Engine.Config;

namespace Plover.Cli.Deploy;

/// <summary>
/// The per-node files of a bundle as text: the node config (paths relative to the node folder,
/// so the folder works wherever it is installed), the script the unit runs, and the systemd unit.
/// </summary>
public static class NodeFiles
{
    public static string ConfigJson(DeploymentSpec spec, uint node)
    {
        var members = new JsonArray();
        foreach (uint id in DeploymentSpec.NodeIds)
            members.Add(new JsonObject { ["id"] = id, ["peer"] = spec.Peer(id).ToString(), ["service"] = spec.Service(id).ToString() });
        string guestName = Path.GetFileName(spec.GuestFile);
        var root = new JsonObject
        {
            ["clusterId"] = spec.ClusterId,
            ["nodeId"] = node,
            ["members"] = members,
            ["dataDir"] = BundleLayout.DataFolderName,
            ["guest"] = $"{BundleLayout.GuestFolderName}/{guestName}",
            ["guestArguments"] = new JsonArray(Path.GetFileNameWithoutExtension(guestName)),
            ["mode"] = ModeNames.Of(spec.Mode),
            ["nondeterminism"] = ModeNames.Of(spec.Nondeterminism),
            ["status"] = new JsonObject { ["listen"] = spec.Status(node).ToString(), ["token"] = spec.StatusToken },
            ["certificates"] = BundleLayout.CertificatesFolderName,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>
    /// The node's start command: the self-contained <c>plover</c> when the bundle has one, else the
    /// framework-dependent <c>plover.dll</c> through <c>dotnet</c>. <c>exec</c>, so the node is the
    /// process systemd (or the rehearsal) watches and signals.
    /// </summary>
    public static string RunScript() =>
        """
        #!/bin/sh
        # Starts this Plover node in the foreground (systemd's ExecStart; the rehearsal runs it too).
        set -eu
        here="$(cd "$(dirname "$0")" && pwd)"
        bin="$here/../bin"
        if [ -x "$bin/plover" ]; then
          exec "$bin/plover" node --config "$here/node.json"
        fi
        exec "${PLOVER_DOTNET:-dotnet}" "$bin/plover.dll" node --config "$here/node.json"

        """;

    public static string SystemdUnit(DeploymentSpec spec, uint node)
    {
        string folder = $"{spec.InstallDirectory}/{BundleLayout.NodeFolderName(node)}";
        return $"""
            [Unit]
            Description=Plover node {node} of cluster {spec.ClusterId}
            Documentation=file://{spec.InstallDirectory}/README
            After=network-online.target
            Wants=network-online.target

            [Service]
            Type=simple
            User=plover
            Group=plover
            WorkingDirectory={folder}
            ExecStart={folder}/{BundleLayout.RunScriptName}
            # 0: stopped; 1: fatal error while running (restart); 2: bad config, 3: cannot start (a restart will not help)
            Restart=on-failure
            RestartSec=2
            RestartPreventExitStatus=2 3
            KillSignal=SIGTERM
            TimeoutStopSec=20
            LimitNOFILE=65536
            NoNewPrivileges=true
            ProtectSystem=strict
            ReadWritePaths={folder}/{BundleLayout.DataFolderName}
            PrivateTmp=true

            [Install]
            WantedBy=multi-user.target

            """;
    }
}
