using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Plover.Engine.Security;

namespace Plover.Faults;

/// <summary>
/// Three real node processes of one cluster under the harness's control: certificates and configs
/// in a work folder, each node in its place on the <see cref="NodeNetwork"/>, its status endpoint
/// behind a token (it listens on a non-loopback address in a namespace), and the faults' verbs:
/// kill -9, restart, pause, resume, cut and heal links.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    public static readonly uint[] NodeIds = [1, 2, 3];
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private const int TokenBytes = 24;

    private readonly Dictionary<uint, NodeProcess> nodes = [];
    private readonly HttpClient http;
    private readonly GuestLimitSettings? limits;

    public FaultCluster(NodeNetwork network, string workDirectory, string guestPath, IReadOnlyList<string> nodeCommand, GuestLimitSettings? limits = null)
    {
        this.limits = limits;
        Network = network;
        WorkDirectory = workDirectory;
        Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(TokenBytes));
        http = new HttpClient { Timeout = StatusTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        string clusterId = Guid.NewGuid().ToString();
        string certificates = Path.Combine(workDirectory, "certs");
        new CertificateFolder(certificates).Provision(clusterId,
            NodeIds.Select(n => new NodeCertificateRequest(n, ["localhost", network.Address(n).ToString()])), DateTimeOffset.UtcNow);
        foreach (uint node in NodeIds)
        {
            string folder = Directory.CreateDirectory(Path.Combine(workDirectory, $"node{node}")).FullName;
            string config = Path.Combine(folder, "node.json");
            File.WriteAllText(config, ConfigJson(clusterId, node, folder, Path.GetFullPath(guestPath), certificates));
            nodes[node] = new NodeProcess(node, network.Wrap(node, [.. nodeCommand, "node", "--config", config]), OutputFile(node));
        }
    }

    public NodeNetwork Network { get; }

    public string WorkDirectory { get; }

    /// <summary>The bearer token every status request carries.</summary>
    public string Token { get; }

    public string OutputFile(uint node) => Path.Combine(WorkDirectory, $"node{node}", "output.log");

    public bool IsRunning(uint node) => nodes[node].Running;

    public bool IsPaused(uint node) => nodes[node].Paused;

    /// <summary>The node process's pid while it runs.</summary>
    public int? Pid(uint node) => nodes[node].Pid;

    /// <summary>Nodes that ended without the harness stopping them, with their exit codes.</summary>
    public IEnumerable<(uint Node, int ExitCode)> UnexpectedExits() =>
        NodeIds.Where(n => nodes[n].UnexpectedExit is not null).Select(n => (n, nodes[n].UnexpectedExit!.Value));

    public void Start(uint node)
    {
        string pidFile = Path.Combine(WorkDirectory, $"node{node}", "node.pid");
        if (File.Exists(pidFile)) File.Delete(pidFile); // left by a killed node
        nodes[node].Start();
    }

    public void StartAll()
    {
        foreach (uint node in NodeIds) if (!nodes[node].Running) Start(node);
    }

    public void Kill(uint node) => nodes[node].Kill();

    /// <summary>SIGTERM, and SIGKILL if the node has not stopped within the grace period.</summary>
    public void Stop(uint node) => nodes[node].Stop(StopGrace);

    /// <summary>The node's data folder (its store is <c>store/</c> in it).</summary>
    public string NodeDirectory(uint node) => Path.Combine(WorkDirectory, $"node{node}");

    public void Pause(uint node) => nodes[node].Pause();

    public void Resume(uint node) => nodes[node].Resume();

    public void Cut(uint a, uint b) => Network.Cut(a, b);

    public void Heal(uint a, uint b) => Network.Heal(a, b);

    /// <summary>The node's /status, or null when it does not answer in time (down, paused, cut off).</summary>
    public async Task<NodeStatus?> StatusAsync(uint node, CancellationToken cancellation = default)
    {
        try
        {
            string text = await http.GetStringAsync($"http://{Network.Status(node)}/status", cancellation).ConfigureAwait(false);
            using JsonDocument document = JsonDocument.Parse(text);
            return NodeStatus.Parse(node, document.RootElement);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A status request with the given token (or none): the HTTP status code it got.</summary>
    public async Task<HttpStatusCode> StatusCodeWithTokenAsync(uint node, string? token)
    {
        using var client = new HttpClient { Timeout = StatusTimeout };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage response = await client.GetAsync($"http://{Network.Status(node)}/status").ConfigureAwait(false);
        return response.StatusCode;
    }

    public async Task<IReadOnlyList<NodeStatus>> StatusAllAsync(CancellationToken cancellation = default)
    {
        var found = new List<NodeStatus>();
        foreach (uint node in NodeIds)
            if (!nodes[node].Paused && nodes[node].Running && await StatusAsync(node, cancellation).ConfigureAwait(false) is { } status) found.Add(status);
        return found;
    }

    /// <summary>The node serving as primary now, waiting for one up to <paramref name="timeout"/>; null if none did.</summary>
    public async Task<uint?> WaitForPrimaryAsync(TimeSpan timeout, CancellationToken cancellation = default)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (NodeStatus status in await StatusAllAsync(cancellation).ConfigureAwait(false))
                if (status.Serving) return status.Node;
            await Task.Delay(100, cancellation).ConfigureAwait(false);
        }
        return null;
    }

    public string Tail(uint node, int lines = 25)
    {
        string file = OutputFile(node);
        if (!File.Exists(file)) return "(no output)";
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        string[] all = reader.ReadToEnd().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private string ConfigJson(string clusterId, uint node, string folder, string guest, string certificates)
    {
        var members = new JsonArray();
        foreach (uint id in NodeIds)
            members.Add(new JsonObject { ["id"] = id, ["peer"] = Network.Peer(id).ToString(), ["service"] = Network.Service(id).ToString() });
        var root = new JsonObject
        {
            ["clusterId"] = clusterId,
            ["nodeId"] = node,
            ["members"] = members,
            ["dataDir"] = folder,
            ["guest"] = guest,
            ["guestArguments"] = new JsonArray(Path.GetFileNameWithoutExtension(guest)),
            ["mode"] = "vsmr",
            ["nondeterminism"] = "deterministic",
            ["status"] = new JsonObject { ["listen"] = Network.Status(node).ToString(), ["token"] = Token },
            ["certificates"] = certificates,
        };
        if (limits is not null)
        {
            var section = new JsonObject { ["memoryPagesMax"] = limits.MemoryPagesMax };
            if (limits.FuelPerRun is { } fuel) section["fuelPerRun"] = fuel;
            root["limits"] = section;
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public ValueTask DisposeAsync()
    {
        foreach (NodeProcess node in nodes.Values) node.Stop(StopGrace);
        http.Dispose();
        return ValueTask.CompletedTask;
    }
}
