using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Plover.Bench.Metrics;

namespace Plover.Bench.Targets;

/// <summary>
/// A fresh local three-node Plover cluster in one replication mode (none, smr, remus, vsmr),
/// driven through the CLI exactly as a user would: <c>./plover cluster up --guest G --mode M
/// --port-base P --data DIR</c>, node pids from DIR/nodeN/node.pid, counters from each node's
/// <c>/metrics</c>, and <c>./plover cluster down --data DIR</c>. Nothing here is simulated: until the
/// cluster command exists, <see cref="TargetCatalog"/> reports these modes as skipped.
/// </summary>
public sealed partial class PloverClusterTarget : IBenchTarget
{
    public static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan DownTimeout = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The options of <c>plover cluster up</c> this target passes.</summary>
    public static readonly IReadOnlyList<string> UpOptions = ["--guest", "--mode", "--port-base", "--data"];

    private readonly RepositoryLayout repository;
    private readonly string guest;
    private readonly string? nondeterminism;
    private readonly ClientEntry entry;
    private readonly MetricsScraper scraper = new();
    private string? dataDir;
    private int portBase;
    private int[]? pids;
    private int? primaryNode;

    /// <param name="nondeterminism">The cluster's <c>--nondeterminism</c> (null: the engine's default, deterministic).</param>
    /// <param name="entry">Where the load connects in a replicated mode (mode none always loads node 1 alone).</param>
    public PloverClusterTarget(RepositoryLayout repository, string mode, string guest, string? nondeterminism = null, ClientEntry entry = ClientEntry.Primary)
    {
        if (!PloverMode.IsPloverMode(mode)) throw new ArgumentException($"'{mode}' is none of {string.Join(", ", PloverMode.All)}", nameof(mode));
        this.repository = repository;
        this.guest = guest;
        this.nondeterminism = nondeterminism;
        this.entry = entry;
        Mode = mode;
    }

    public string Mode { get; }

    public string Description => $"three-node Plover cluster, --mode {Mode}, guest {Path.GetFileName(guest)}" + (Mode == PloverMode.None ? ", load on node 1"
        : entry == ClientEntry.Primary ? ", clients connect to the primary" : ", clients spread over the three nodes");

    /// <summary>
    /// Where the load goes: in mode none only node 1, whose nodes are three unrelated servers
    /// (spreading the load over them would measure a sharded store whose reads miss the other nodes'
    /// writes, not the unreplicated service the other modes are compared with); in a replicated mode
    /// the primary that `cluster up` reported serving, or every node (any node serves the one
    /// replicated service), as <see cref="ClientEntry"/> says.
    /// </summary>
    public IReadOnlyList<IPEndPoint> Endpoints => pids is null
        ? throw NotStarted()
        : NodesLoaded().Select(n => new IPEndPoint(IPAddress.Loopback, PloverClusterLayout.ServicePort(portBase, n))).ToArray();

    private IEnumerable<int> NodesLoaded() =>
        Mode == PloverMode.None ? [1]
        : primaryNode is { } primary ? [primary]
        : Enumerable.Range(1, PloverClusterLayout.Nodes);

    /// <summary>The cluster's --port-base: node N serves on it plus N, its status on it plus 10 plus N.</summary>
    public int PortBase => pids is null ? throw NotStarted() : portBase;

    public IReadOnlyList<int> ProcessIds => pids ?? throw NotStarted();

    /// <summary>Every mode's nodes expose counters, so even none is measured rather than assumed to send nothing.</summary>
    public bool Replicates => true;

    /// <summary>The cluster's --data folder (node stores and pid files); valid once started, deleted at the stop.</summary>
    public string DataDirectory => pids is null ? throw NotStarted() : dataDir!;

    public async Task StartAsync(CancellationToken cancellation)
    {
        if (pids is not null) throw new InvalidOperationException($"{Mode} is already started");
        dataDir = Directory.CreateTempSubdirectory($"plover-bench-{Mode}-").FullName;
        portBase = FreePorts.PickBlock(PloverClusterLayout.PortSpan, new Random());
        CommandRun up = await CommandRun.RunAsync(repository.Launcher,
            ["cluster", "up", "--guest", guest, "--mode", Mode, "--port-base", $"{portBase}", "--data", dataDir,
                .. (nondeterminism is null ? Array.Empty<string>() : ["--nondeterminism", nondeterminism])], UpTimeout, cancellation);
        if (up.ExitCode != 0) throw new TargetStartException(Mode, $"plover cluster up exited with {up.ExitCode}:\n{up.Output}");
        pids = Enumerable.Range(1, PloverClusterLayout.Nodes).Select(ReadPid).ToArray();
        primaryNode = entry == ClientEntry.Primary && Mode != PloverMode.None ? ServingPrimary(up.Output) : null;
        foreach (IPEndPoint endpoint in Enumerable.Range(1, PloverClusterLayout.Nodes).Select(n => new IPEndPoint(IPAddress.Loopback, PloverClusterLayout.ServicePort(portBase, n))))
            await RespProbe.WaitServingAsync(Mode, endpoint, () => pids.All(IsAlive), () => up.Output, cancellation);
    }

    public async Task<ClusterReplication> ReadReplicationAsync(CancellationToken cancellation)
    {
        if (pids is null) throw NotStarted();
        var nodes = new ReplicationCounters[PloverClusterLayout.Nodes];
        for (int n = 1; n <= nodes.Length; n++)
            nodes[n - 1] = await scraper.ReadReplicationAsync(PloverClusterLayout.MetricsUrl(portBase, n), cancellation);
        return new ClusterReplication(nodes);
    }

    public async Task StopAsync(CancellationToken cancellation)
    {
        if (pids is null || dataDir is null) throw NotStarted();
        int[] dead = pids.Where(p => !IsAlive(p)).ToArray();
        CommandRun down = await CommandRun.RunAsync(repository.Launcher, ["cluster", "down", "--data", dataDir], DownTimeout, cancellation);
        int[] lingering = await WaitExitedAsync(pids, cancellation);
        foreach (int pid in lingering) LibC.Signal(pid, LibC.SigKill);
        pids = null;
        DeleteData();
        if (dead.Length > 0) throw new TargetStopException(Mode, $"node process(es) {string.Join(", ", dead)} had died during the run");
        if (down.ExitCode != 0) throw new TargetStopException(Mode, $"plover cluster down exited with {down.ExitCode}:\n{down.Output}");
        if (lingering.Length > 0) throw new TargetStopException(Mode, $"node process(es) {string.Join(", ", lingering)} still ran {ExitTimeout} after cluster down; killed");
    }

    public async ValueTask DisposeAsync()
    {
        if (pids is not null && dataDir is not null)
        {
            try
            {
                await CommandRun.RunAsync(repository.Launcher, ["cluster", "down", "--data", dataDir], DownTimeout, CancellationToken.None);
            }
            finally
            {
                foreach (int pid in pids.Where(IsAlive)) LibC.Signal(pid, LibC.SigKill);
                pids = null;
            }
        }
        DeleteData();
        scraper.Dispose();
    }

    /// <summary>The node `cluster up` reported as the serving primary (its line "node N: clients ..., primary (serving)").</summary>
    private int ServingPrimary(string upOutput)
    {
        Match[] serving = ServingPrimaryLine().Matches(upOutput).ToArray();
        return serving.Length == 1
            ? int.Parse(serving[0].Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new TargetStartException(Mode, $"plover cluster up reported {serving.Length} serving primaries, not one:\n{upOutput}");
    }

    [GeneratedRegex(@"^\s*node ([1-3]): .*\bprimary \(serving\)\s*$", RegexOptions.Multiline)]
    private static partial Regex ServingPrimaryLine();

    private int ReadPid(int node)
    {
        string file = PloverClusterLayout.PidFile(dataDir!, node);
        string text = File.Exists(file) ? File.ReadAllText(file).Trim() : throw new TargetStartException(Mode, $"{file} is missing after cluster up");
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0
            ? pid
            : throw new TargetStartException(Mode, $"{file} holds '{text}', not a process id");
    }

    /// <summary>Running and not a zombie (an exited child not yet reaped still has a /proc entry).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    private static async Task<int[]> WaitExitedAsync(int[] pids, CancellationToken cancellation)
    {
        DateTime deadline = DateTime.UtcNow + ExitTimeout;
        while (pids.Any(IsAlive) && DateTime.UtcNow < deadline) await Task.Delay(50, cancellation);
        return pids.Where(IsAlive).ToArray();
    }

    private void DeleteData()
    {
        if (dataDir is not null && Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        dataDir = null;
    }

    private InvalidOperationException NotStarted() => new($"the {Mode} cluster is not started");
}
