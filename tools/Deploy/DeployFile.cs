using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Plover.Engine.Config;

namespace Plover.Cli.Deploy;

/// <summary>
/// OUT/deploy.json: the deployment as prepared. Read back by <c>plover deploy wait|status</c> (to
/// find and authenticate to the status endpoints) and by a later <c>prepare</c> into the same
/// folder, which keeps the cluster id, the token and the CA (the nodes' stores are bound to the id).
/// </summary>
public static class DeployFile
{
    public static void Write(DeploymentSpec spec, string path)
    {
        var hosts = new JsonArray();
        foreach (uint node in DeploymentSpec.NodeIds) hosts.Add(new JsonObject { ["node"] = node, ["address"] = spec.Host(node).ToString() });
        var root = new JsonObject
        {
            ["clusterId"] = spec.ClusterId,
            ["statusToken"] = spec.StatusToken,
            ["hosts"] = hosts,
            ["ports"] = new JsonObject { ["service"] = spec.ServicePort, ["peer"] = spec.PeerPort, ["status"] = spec.StatusPort },
            ["guest"] = Path.GetFileName(spec.GuestFile),
            ["mode"] = ModeNames.Of(spec.Mode),
            ["nondeterminism"] = ModeNames.Of(spec.Nondeterminism),
            ["installDir"] = spec.InstallDirectory,
            ["sshUser"] = spec.SshUser,
        };
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // it holds the status token
    }

    /// <summary>The deployment in <paramref name="path"/>; the guest path is left as the stored file name.</summary>
    public static DeploymentSpec Read(string path)
    {
        if (!File.Exists(path)) throw new DeployException($"{path} does not exist: run `plover deploy prepare` (or deploy/plover-deploy) first");
        try
        {
            JsonNode root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new JsonException("empty document");
            string Text(string name) => root[name]?.GetValue<string>() ?? throw new JsonException($"{name} is missing");
            int Port(string name) => root["ports"]?[name]?.GetValue<int>() ?? throw new JsonException($"ports.{name} is missing");
            JsonArray hosts = root["hosts"]?.AsArray() ?? throw new JsonException("hosts is missing");
            if (!ModeNames.TryParse(Text("mode"), out ReplicationMode mode)) throw new JsonException($"mode '{Text("mode")}' is unknown");
            if (!ModeNames.TryParse(Text("nondeterminism"), out NondeterminismMode nondeterminism)) throw new JsonException("nondeterminism is unknown");
            return new DeploymentSpec
            {
                ClusterId = Text("clusterId"),
                StatusToken = Text("statusToken"),
                Hosts = hosts.Select(h => IPAddress.Parse(h?["address"]?.GetValue<string>() ?? throw new JsonException("a host has no address"))).ToArray(),
                ServicePort = Port("service"),
                PeerPort = Port("peer"),
                StatusPort = Port("status"),
                GuestFile = Text("guest"),
                Mode = mode,
                Nondeterminism = nondeterminism,
                InstallDirectory = Text("installDir"),
                SshUser = root["sshUser"]?.GetValue<string>(),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new DeployException($"{path} is damaged: {e.Message}");
        }
    }
}
