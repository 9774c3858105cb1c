using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Plover.Engine.Config;

/// <summary>
/// Reads a node's JSON config. Every problem is a <see cref="NodeConfigException"/> naming the field
/// and the reason; unknown fields are refused too (a typo should not silently fall back to a default).
/// Relative paths are taken from the config file's folder.
/// </summary>
public static class NodeConfigReader
{
    public const int MembersMax = 7;
    public const int ClusterIdLengthMax = 128;

    private static readonly string[] TopLevelFields =
        ["clusterId", "nodeId", "members", "dataDir", "guest", "guestArguments", "mode", "nondeterminism", "epoch", "checkpoint", "limits", "status", "certificates"];

    public static NodeConfig ReadFile(string path)
    {
        string full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeConfigException(full, "(file)", $"cannot be read: {e.Message}");
        }
        return Parse(text, full, Path.GetDirectoryName(full)!);
    }

    public static NodeConfig Parse(string json, string source, string baseDirectory)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new NodeConfigException(source, $"(line {e.LineNumber + 1})", $"not valid JSON: {e.Message}");
        }
        using (document)
        {
            var fields = new JsonFields(document.RootElement, "", source);
            fields.RefuseUnknown(TopLevelFields);
            return Build(fields, source, baseDirectory);
        }
    }

    private static NodeConfig Build(JsonFields root, string source, string baseDirectory)
    {
        string clusterId = root.RequiredString("clusterId");
        if (clusterId.Length > ClusterIdLengthMax || clusterId.Any(char.IsControl))
            throw root.Error("clusterId", $"must be at most {ClusterIdLengthMax} printable characters");
        uint nodeId = (uint)root.RequiredInt("nodeId", 1, 255);
        IReadOnlyList<MemberConfig> members = ReadMembers(root, nodeId);
        StatusSettings status = ReadStatus(root.OptionalObject("status"));
        return new NodeConfig
        {
            ClusterId = clusterId,
            NodeId = nodeId,
            Members = members,
            DataDirectory = Resolve(baseDirectory, root.RequiredString("dataDir")),
            GuestPath = ReadGuestPath(root, baseDirectory),
            GuestArguments = ReadArguments(root),
            Mode = root.OptionalEnum("mode", ReplicationMode.Vsmr, ModeNames.TryParse, ModeNames.List<ReplicationMode>()),
            Nondeterminism = root.OptionalEnum("nondeterminism", NondeterminismMode.Deterministic, ModeNames.TryParse, ModeNames.List<NondeterminismMode>()),
            Epoch = ReadEpoch(root.OptionalObject("epoch")),
            Checkpoint = ReadCheckpoint(root.OptionalObject("checkpoint")),
            Limits = ReadLimits(root.OptionalObject("limits")),
            Status = status,
            CertificateDirectory = Resolve(baseDirectory, root.RequiredString("certificates")),
        };
    }

    private static IReadOnlyList<MemberConfig> ReadMembers(JsonFields root, uint nodeId)
    {
        IReadOnlyList<JsonFields> items = root.RequiredArray("members");
        if (items.Count == 0 || items.Count > MembersMax) throw root.Error("members", $"must list 1 to {MembersMax} nodes, got {items.Count}");
        var members = new List<MemberConfig>();
        foreach (JsonFields item in items)
        {
            item.RefuseUnknown(["id", "peer", "service"]);
            uint id = (uint)item.RequiredInt("id", 1, 255);
            if (members.Any(m => m.Id == id)) throw item.Error("id", $"node id {id} is listed twice");
            members.Add(new MemberConfig(id, item.RequiredEndPoint("peer"), item.RequiredEndPoint("service")));
        }
        if (members.All(m => m.Id != nodeId)) throw root.Error("nodeId", $"node {nodeId} is not one of the members ({string.Join(", ", members.Select(m => m.Id))})");
        var endpoints = members.SelectMany(m => new[] { m.Peer, m.Service }).ToList();
        IPEndPoint? repeated = endpoints.GroupBy(e => e).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null && repeated.Port != 0) throw root.Error("members", $"address {repeated} is used twice");
        return members.OrderBy(m => m.Id).ToArray();
    }

    private static string ReadGuestPath(JsonFields root, string baseDirectory)
    {
        string path = Resolve(baseDirectory, root.RequiredString("guest"));
        if (!File.Exists(path)) throw root.Error("guest", $"no such file: {path}");
        return path;
    }

    private static IReadOnlyList<string> ReadArguments(JsonFields root)
    {
        IReadOnlyList<string>? arguments = root.OptionalStringArray("guestArguments");
        if (arguments is null) return ["guest"];
        if (arguments.Count == 0) throw root.Error("guestArguments", "must hold at least the program name");
        if (arguments.Any(a => a.Contains('\0'))) throw root.Error("guestArguments", "an argument contains a NUL character");
        return arguments;
    }

    private static EpochSettings ReadEpoch(JsonFields? epoch)
    {
        if (epoch is null) return new EpochSettings();
        epoch.RefuseUnknown(["intervalMs", "dirtyPagesMax", "syncWaitMs", "stragglerWaitMs", "remusIntervalMs", "remusTrigger"]);
        var settings = new EpochSettings
        {
            IntervalMs = epoch.OptionalInt("intervalMs", EpochSettings.IntervalMsDefault, 1, 60_000),
            DirtyPagesMax = epoch.OptionalInt("dirtyPagesMax", EpochSettings.DirtyPagesMaxDefault, 1, 1 << 24),
            SyncWaitMs = epoch.OptionalInt("syncWaitMs", EpochSettings.SyncWaitMsDefault, 1, 600_000),
            StragglerWaitMs = epoch.OptionalInt("stragglerWaitMs", EpochSettings.StragglerWaitMsDefault, 0, 600_000),
            RemusIntervalMs = epoch.OptionalInt("remusIntervalMs", EpochSettings.RemusIntervalMsDefault, 1, 60_000),
            RemusTrigger = epoch.OptionalEnum("remusTrigger", RemusTrigger.Interval, ModeNames.TryParse, ModeNames.List<RemusTrigger>()),
        };
        if (settings.StragglerWaitMs > settings.SyncWaitMs)
            throw epoch.Error("stragglerWaitMs", $"{settings.StragglerWaitMs} exceeds syncWaitMs ({settings.SyncWaitMs})");
        return settings;
    }

    private static CheckpointSettings ReadCheckpoint(JsonFields? checkpoint)
    {
        if (checkpoint is null) return new CheckpointSettings();
        checkpoint.RefuseUnknown(["everyEpochs", "minIntervalMs"]);
        return new CheckpointSettings
        {
            EveryEpochs = checkpoint.OptionalInt("everyEpochs", CheckpointSettings.EveryEpochsDefault, 0, 1_000_000),
            MinIntervalMs = checkpoint.OptionalInt("minIntervalMs", CheckpointSettings.MinIntervalMsDefault, 0, 3_600_000),
        };
    }

    private static GuestLimits ReadLimits(JsonFields? limits)
    {
        if (limits is null) return new GuestLimits();
        limits.RefuseUnknown(["memoryPagesMax", "fuelPerRun"]);
        long fuel = limits.OptionalLong("fuelPerRun", 0, 0, long.MaxValue);
        return new GuestLimits
        {
            MemoryPagesMax = limits.OptionalInt("memoryPagesMax", GuestLimits.MemoryPagesMaxDefault, 1, 65536),
            FuelPerRun = fuel == 0 ? null : fuel,
        };
    }

    private static StatusSettings ReadStatus(JsonFields? status)
    {
        if (status is null) return new StatusSettings(new IPEndPoint(IPAddress.Loopback, 0), null);
        status.RefuseUnknown(["listen", "token"]);
        string? listen = status.OptionalString("listen");
        string? token = status.OptionalString("token");
        if (token is { Length: < 16 }) throw status.Error("token", "must be at least 16 characters");
        if (listen == "none") return new StatusSettings(null, token);
        IPEndPoint endpoint = listen is null ? new IPEndPoint(IPAddress.Loopback, 0) : status.RequiredEndPoint("listen");
        if (!IPAddress.IsLoopback(endpoint.Address) && token is null)
            throw status.Error("listen", $"{endpoint} is not a loopback address: set status.token to expose the status endpoint beyond this host");
        return new StatusSettings(endpoint, token);
    }

    private static string Resolve(string baseDirectory, string path) => Path.GetFullPath(Path.Combine(baseDirectory, path));

    internal static bool TryParseEndPoint(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (!IPEndPoint.TryParse(text, out IPEndPoint? parsed) || parsed is null) return false;
        if (!text.Contains(':', StringComparison.Ordinal)) return false;
        endpoint = parsed;
        return true;
    }

    internal static string Describe(JsonValueKind kind) => kind.ToString().ToLower(CultureInfo.InvariantCulture);
}
