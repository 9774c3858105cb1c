using System.Text.Json;
using System.Text.Json.Nodes;
using Plover.Engine.Config;

namespace Plover.Engine.LocalCluster;

/// <summary>A local cluster's settings, chosen at its first <c>up</c> and kept in DIR/cluster.json so later ups restart the same cluster.</summary>
public sealed record ClusterSpec(string ClusterId, string GuestPath, ReplicationMode Mode, NondeterminismMode Nondeterminism, int PortBase)
{
    public static ClusterSpec? Read(string file)
    {
        if (!File.Exists(file)) return null;
        try
        {
            JsonNode root = JsonNode.Parse(File.ReadAllText(file)) ?? throw new JsonException("empty document");
            string Text(string name) => root[name]?.GetValue<string>() ?? throw new JsonException($"{name} is missing");
            if (!ModeNames.TryParse(Text("mode"), out ReplicationMode mode)) throw new JsonException($"mode '{Text("mode")}' is unknown");
            if (!ModeNames.TryParse(Text("nondeterminism"), out NondeterminismMode nondeterminism)) throw new JsonException($"nondeterminism '{Text("nondeterminism")}' is unknown");
            int portBase = root["portBase"]?.GetValue<int>() ?? throw new JsonException("portBase is missing");
            return new ClusterSpec(Text("clusterId"), Text("guest"), mode, nondeterminism, portBase);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new ClusterException($"{file} is damaged: {e.Message}");
        }
    }

    public void Write(string file)
    {
        var root = new JsonObject
        {
            ["clusterId"] = ClusterId,
            ["guest"] = GuestPath,
            ["mode"] = ModeNames.Of(Mode),
            ["nondeterminism"] = ModeNames.Of(Nondeterminism),
            ["portBase"] = PortBase,
        };
        File.WriteAllText(file, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The JSON config of node <paramref name="node"/> (what <c>plover node --config</c> reads).</summary>
    public string NodeConfigJson(ClusterLayout layout, uint node)
    {
        var members = new JsonArray();
        foreach (uint id in ClusterLayout.NodeIds)
            members.Add(new JsonObject { ["id"] = id, ["peer"] = layout.Peer(id).ToString(), ["service"] = layout.Service(id).ToString() });
        var root = new JsonObject
        {
            ["clusterId"] = ClusterId,
            ["nodeId"] = node,
            ["members"] = members,
            ["dataDir"] = layout.NodeDirectory(node),
            ["guest"] = GuestPath,
            ["guestArguments"] = new JsonArray(Path.GetFileNameWithoutExtension(GuestPath)),
            ["mode"] = ModeNames.Of(Mode),
            ["nondeterminism"] = ModeNames.Of(Nondeterminism),
            ["status"] = new JsonObject { ["listen"] = layout.Status(node).ToString() },
            ["certificates"] = layout.Certificates,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}

/// <summary>A local cluster command cannot do what was asked: the message says why and what to do.</summary>
public sealed class ClusterException(string message) : Exception(message);
