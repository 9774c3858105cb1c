using System.Diagnostics;
using System.Net.Http;
using System.Text.Json;
using Plover.Engine.Config;
using Plover.Engine.Security;

namespace Plover.Engine.LocalCluster;

/// <summary>What <c>plover cluster up</c> was asked for; null fields keep the cluster's stored choice (or the default for a new one).</summary>
public sealed record ClusterUpRequest(string DataDirectory, string? GuestPath, ReplicationMode? Mode, NondeterminismMode? Nondeterminism, int? PortBase);

/// <summary>One node as <c>plover cluster status</c> shows it.</summary>
public sealed record NodeReport(uint Node, int? Pid, string Service, string? Role, string? Health, ulong? Epoch, string? Leader, string? Problem);

/// <summary>
/// A local three-node cluster on this host: <see cref="UpAsync"/> (certificates on first use, a
/// config per node, nodes started in the background from their stores, waiting until a primary
/// serves), <see cref="StatusAsync"/> and <see cref="DownAsync"/>.
/// </summary>
public sealed class ClusterManager(IReadOnlyList<string> nodeCommand, TextWriter output)
{
    public static readonly TimeSpan UpTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public async Task<ClusterLayout> UpAsync(ClusterUpRequest request, CancellationToken cancellation)
    {
        Directory.CreateDirectory(request.DataDirectory);
        string specFile = new ClusterLayout(request.DataDirectory, ClusterLayout.PortBaseDefault).SpecFile;
        ClusterSpec spec = Resolve(ClusterSpec.Read(specFile), request);
        var layout = new ClusterLayout(request.DataDirectory, spec.PortBase);
        if (!File.Exists(spec.GuestPath)) throw new ClusterException($"the guest {spec.GuestPath} does not exist (run scripts/setup to build the guests)");
        spec.Write(layout.SpecFile);
        new CertificateFolder(layout.Certificates).Provision(spec.ClusterId,
            ClusterLayout.NodeIds.Select(n => new NodeCertificateRequest(n, ["localhost", "127.0.0.1"])), DateTimeOffset.UtcNow);
        foreach (uint node in ClusterLayout.NodeIds) StartNode(spec, layout, node);
        await WaitUntilServingAsync(spec, layout, cancellation).ConfigureAwait(false);
        return layout;
    }

    private static ClusterSpec Resolve(ClusterSpec? stored, ClusterUpRequest request)
    {
        if (request.PortBase is { } portBase) ClusterLayout.CheckPortBase(portBase);
        string? guest = request.GuestPath is null ? null : Path.GetFullPath(request.GuestPath);
        if (stored is null)
        {
            if (guest is null) throw new ClusterException($"{request.DataDirectory} holds no cluster yet: --guest GUEST.wasm is required to create one");
            return new ClusterSpec(Guid.NewGuid().ToString(), guest, request.Mode ?? ReplicationMode.Vsmr,
                request.Nondeterminism ?? NondeterminismMode.Deterministic, request.PortBase ?? ClusterLayout.PortBaseDefault);
        }
        var differences = new List<string>();
        if (guest is not null && guest != stored.GuestPath) differences.Add($"guest {stored.GuestPath}");
        if (request.Mode is { } mode && mode != stored.Mode) differences.Add($"mode {ModeNames.Of(stored.Mode)}");
        if (request.Nondeterminism is { } n && n != stored.Nondeterminism) differences.Add($"nondeterminism {ModeNames.Of(stored.Nondeterminism)}");
        if (request.PortBase is { } p && p != stored.PortBase) differences.Add($"port base {stored.PortBase}");
        if (differences.Count > 0)
            throw new ClusterException($"{request.DataDirectory} holds a cluster with {string.Join(", ", differences)}; " +
                "its nodes restart from their stores with those settings. Use another --data folder (or `plover cluster down` and delete this one) for a different cluster.");
        return stored;
    }

    private void StartNode(ClusterSpec spec, ClusterLayout layout, uint node)
    {
        Directory.CreateDirectory(layout.NodeDirectory(node));
        File.WriteAllText(layout.ConfigFile(node), spec.NodeConfigJson(layout, node));
        if (NodeProcesses.LivePid(layout.PidFile(node), layout.ConfigFile(node)) is { } running)
        {
            output.WriteLine($"node {node} is already running (pid {running})");
            return;
        }
        if (File.Exists(layout.PidFile(node))) File.Delete(layout.PidFile(node)); // left by a node that was killed
        NodeProcesses.StartDetached([.. nodeCommand, "node", "--config", layout.ConfigFile(node)], layout.OutputFile(node));
    }

    private async Task WaitUntilServingAsync(ClusterSpec spec, ClusterLayout layout, CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        var started = new Dictionary<uint, DateTimeOffset>();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            CheckNodesAlive(layout, clock.Elapsed);
            IReadOnlyList<NodeReport> reports = await ReportAsync(http, layout).ConfigureAwait(false);
            bool ready = spec.Mode == ReplicationMode.None
                ? reports.All(r => r.Health == "serving")
                : reports.Count(r => r.Health == "serving") == 1 && reports.All(r => r.Health is not null);
            if (ready) return;
            if (clock.Elapsed > UpTimeout)
                throw new ClusterException($"no primary served within {UpTimeout.TotalSeconds:F0} s; see {layout.DataDirectory}/node*/node.log\n{Describe(reports)}");
            await Task.Delay(PollInterval, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Fails if a node's process is gone (once it had time to write its pid), with the end of its output.</summary>
    private static void CheckNodesAlive(ClusterLayout layout, TimeSpan elapsed)
    {
        foreach (uint node in ClusterLayout.NodeIds)
        {
            bool hasPid = File.Exists(layout.PidFile(node));
            if (hasPid && NodeProcesses.LivePid(layout.PidFile(node), layout.ConfigFile(node)) is not null) continue;
            if (!hasPid && elapsed < TimeSpan.FromSeconds(30)) continue;
            throw new ClusterException($"node {node} is not running; the end of {layout.OutputFile(node)}:\n{Tail(layout.OutputFile(node))}");
        }
    }

    private static string Tail(string file)
    {
        if (!File.Exists(file)) return "(no output)";
        string[] lines = File.ReadAllLines(file);
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 15)));
    }

    public async Task<IReadOnlyList<NodeReport>> StatusAsync(string dataDirectory)
    {
        ClusterSpec spec = ClusterSpec.Read(new ClusterLayout(dataDirectory, 1).SpecFile)
            ?? throw new ClusterException($"{dataDirectory} holds no cluster (no cluster.json)");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await ReportAsync(http, new ClusterLayout(dataDirectory, spec.PortBase)).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<NodeReport>> ReportAsync(HttpClient http, ClusterLayout layout)
    {
        var reports = new List<NodeReport>();
        foreach (uint node in ClusterLayout.NodeIds)
        {
            int? pid = NodeProcesses.LivePid(layout.PidFile(node), layout.ConfigFile(node));
            string service = layout.Service(node).ToString();
            if (pid is null)
            {
                reports.Add(new NodeReport(node, null, service, null, null, null, null, "not running"));
                continue;
            }
            try
            {
                using JsonDocument status = JsonDocument.Parse(await http.GetStringAsync($"http://{layout.Status(node)}/status").ConfigureAwait(false));
                JsonElement root = status.RootElement;
                reports.Add(new NodeReport(node, pid, service, root.GetProperty("role").GetString(), root.GetProperty("health").GetString(),
                    root.GetProperty("epoch").GetUInt64(), root.GetProperty("leader").ValueKind == JsonValueKind.Null ? null : root.GetProperty("leader").ToString(),
                    root.GetProperty("guestFault").ValueKind == JsonValueKind.Null ? null : root.GetProperty("guestFault").GetString()));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                reports.Add(new NodeReport(node, pid, service, null, null, null, null, $"status endpoint not answering ({e.GetType().Name})"));
            }
        }
        return reports;
    }

    public static string Describe(IReadOnlyList<NodeReport> reports) => string.Join('\n', reports.Select(r =>
        $"node {r.Node}: {(r.Pid is { } pid ? $"pid {pid}" : "stopped")}, service {r.Service}, role {r.Role ?? "-"}, health {r.Health ?? "-"}, " +
        $"epoch {r.Epoch?.ToString() ?? "-"}, leader {r.Leader ?? "-"}{(r.Problem is { } p ? $" ({p})" : "")}"));

    /// <summary>Stops every node: SIGTERM, then SIGKILL for any still running after <see cref="StopTimeout"/>.</summary>
    public async Task<int> DownAsync(string dataDirectory, CancellationToken cancellation)
    {
        ClusterSpec spec = ClusterSpec.Read(new ClusterLayout(dataDirectory, 1).SpecFile)
            ?? throw new ClusterException($"{dataDirectory} holds no cluster (no cluster.json)");
        var layout = new ClusterLayout(dataDirectory, spec.PortBase);
        var running = new Dictionary<uint, int>();
        foreach (uint node in ClusterLayout.NodeIds)
            if (NodeProcesses.LivePid(layout.PidFile(node), layout.ConfigFile(node)) is { } pid) running[node] = pid;
        foreach (int pid in running.Values) NodeProcesses.Signal(pid, NodeProcesses.SigTerm);
        var clock = Stopwatch.StartNew();
        while (running.Any(r => NodeProcesses.IsNodeProcess(r.Value, layout.ConfigFile(r.Key))) && clock.Elapsed < StopTimeout)
            await Task.Delay(100, cancellation).ConfigureAwait(false);
        int killed = 0;
        foreach ((uint node, int pid) in running)
        {
            if (!NodeProcesses.IsNodeProcess(pid, layout.ConfigFile(node))) continue;
            NodeProcesses.Signal(pid, NodeProcesses.SigKill);
            output.WriteLine($"node {node} (pid {pid}) did not stop within {StopTimeout.TotalSeconds:F0} s: killed");
            killed++;
        }
        foreach (uint node in ClusterLayout.NodeIds)
            if (File.Exists(layout.PidFile(node)) && NodeProcesses.LivePid(layout.PidFile(node), layout.ConfigFile(node)) is null) File.Delete(layout.PidFile(node));
        output.WriteLine(running.Count == 0 ? "no node was running" : $"stopped {running.Count} node(s)");
        return killed;
    }
}
