using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Plover.Engine.LocalCluster;
using Xunit.Abstractions;

namespace Plover.EndToEnd.Tests;

/// <summary>
/// A local three-node cluster for one test, driven exactly as a user would (<c>./plover cluster
/// up/down</c>) in a temp folder on a free block of loopback ports. Disposing it stops the nodes
/// and kills (SIGKILL) any node process of its folder still alive, even when the test failed, and
/// shows the nodes' logs in the test output when asked.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(2);

    private readonly ITestOutputHelper output;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private TestCluster(ITestOutputHelper output, string guest, string mode, string nondeterminism)
    {
        this.output = output;
        Guest = guest;
        Mode = mode;
        Nondeterminism = nondeterminism;
        DataDirectory = Directory.CreateTempSubdirectory("plover-e2e-").FullName;
        Layout = new ClusterLayout(DataDirectory, FreePortBlock());
    }

    public string Guest { get; }

    public string Mode { get; }

    public string Nondeterminism { get; }

    public string DataDirectory { get; }

    public ClusterLayout Layout { get; }

    public static async Task<TestCluster> UpAsync(ITestOutputHelper output, string guest = "kv.wasm", string mode = "vsmr", string nondeterminism = "deterministic")
    {
        var cluster = new TestCluster(output, guest, mode, nondeterminism);
        try
        {
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>plover cluster up</c> (again: restarting the nodes from their stores).</summary>
    public async Task StartAsync()
    {
        ProcessRun up = await ProcessRun.RunAsync(Repository.Launcher,
            ["cluster", "up", "--guest", Repository.Guest(Guest), "--mode", Mode, "--nondeterminism", Nondeterminism,
             "--port-base", Layout.PortBase.ToString(), "--data", DataDirectory], UpTimeout);
        output.WriteLine(up.Output);
        if (up.ExitCode != 0)
        {
            DumpLogs();
            throw new InvalidOperationException($"plover cluster up exited with {up.ExitCode}:\n{up.Output}");
        }
    }

    public IPEndPoint Service(uint node) => Layout.Service(node);

    public int? Pid(uint node) => NodeProcesses.LivePid(Layout.PidFile(node), Layout.ConfigFile(node));

    public async Task<JsonDocument> StatusAsync(uint node) =>
        JsonDocument.Parse(await http.GetStringAsync($"http://{Layout.Status(node)}/status"));

    public async Task<JsonDocument> EpochsAsync(uint node) =>
        JsonDocument.Parse(await http.GetStringAsync($"http://{Layout.Status(node)}/epochs"));

    public async Task<string> MetricsAsync(uint node) => await http.GetStringAsync($"http://{Layout.Status(node)}/metrics");

    /// <summary>The node serving as primary now (polls until one does).</summary>
    public async Task<uint> PrimaryAsync(TimeSpan? timeout = null, uint? except = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            foreach (uint node in ClusterLayout.NodeIds.Where(n => n != except))
            {
                try
                {
                    using JsonDocument status = await StatusAsync(node);
                    if (status.RootElement.GetProperty("health").GetString() == "serving") return node;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("no node serves as primary");
    }

    /// <summary>kill -9 of a node.</summary>
    public void Kill(uint node)
    {
        int pid = Pid(node) ?? throw new InvalidOperationException($"node {node} is not running");
        NodeProcesses.Signal(pid, NodeProcesses.SigKill);
    }

    public void DumpLogs()
    {
        foreach (uint node in ClusterLayout.NodeIds)
        {
            foreach (string file in new[] { Layout.OutputFile(node) })
            {
                if (!File.Exists(file)) continue;
                string[] lines = File.ReadAllLines(file);
                output.WriteLine($"--- {file} (last {Math.Min(lines.Length, 60)} lines)");
                foreach (string line in lines.Skip(Math.Max(0, lines.Length - 60))) output.WriteLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ProcessRun.RunAsync(Repository.Launcher, ["cluster", "down", "--data", DataDirectory], TimeSpan.FromSeconds(60));
        }
        finally
        {
            // The folders go with the cluster, so the logs' tails go into the test's output (shown when it fails).
            DumpLogs();
            KillEveryNodeOf(DataDirectory);
            http.Dispose();
            try
            {
                // PLOVER_E2E_KEEP=1 keeps the nodes' folders (their node.log) to look into a failure.
                if (Environment.GetEnvironmentVariable("PLOVER_E2E_KEEP") != "1") Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Any process whose command line names this cluster's folder: gone, whatever happened.</summary>
    private static void KillEveryNodeOf(string dataDirectory)
    {
        foreach (string proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out int pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(proc, "cmdline")).Contains(dataDirectory, StringComparison.Ordinal))
                    NodeProcesses.Signal(pid, NodeProcesses.SigKill);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>A base P with P+1..P+23 free on loopback (probed by binding; nothing listens there now).</summary>
    private static int FreePortBlock()
    {
        var random = new Random();
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int portBase = random.Next(20_000, 60_000);
            if (Enumerable.Range(1, ClusterLayout.PeerOffset + ClusterLayout.Nodes).All(o => IsFree(portBase + o))) return portBase;
        }
        throw new InvalidOperationException("no free block of 23 loopback ports found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
