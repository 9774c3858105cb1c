using Plover.Linearizability.Resp;

namespace Plover.Faults.Tests;

/// <summary>Three real nodes serving one guest for one test (namespaces where possible), torn down however the test ends.</summary>
internal sealed class LiveCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartMax = TimeSpan.FromSeconds(90);

    private readonly NodeNetwork network;
    private readonly string work;

    private LiveCluster(NodeNetwork network, string work, FaultCluster cluster)
    {
        this.network = network;
        this.work = work;
        Cluster = cluster;
    }

    public FaultCluster Cluster { get; }

    public uint Primary { get; private set; }

    public static async Task<LiveCluster> StartAsync(string guest, GuestLimitSettings? limits, TextWriter log)
    {
        CliBuild.Ensure();
        NodeNetwork network = NodeNetwork.Create(log);
        string work = Directory.CreateTempSubdirectory("plover-faults-test-").FullName;
        var cluster = new FaultCluster(network, work, Repository.Guest(guest), [Repository.Launcher], limits);
        var live = new LiveCluster(network, work, cluster);
        try
        {
            cluster.StartAll();
            live.Primary = await cluster.WaitForPrimaryAsync(StartMax)
                ?? throw new TimeoutException($"no primary served within {StartMax.TotalSeconds:F0} s:\n{cluster.Tail(1)}\n{cluster.Tail(2)}\n{cluster.Tail(3)}");
            return live;
        }
        catch
        {
            await live.DisposeAsync();
            throw;
        }
    }

    public Task<RespConnection> ConnectAsync(uint node) =>
        RespConnection.ConnectAsync(network.Service(node).Address.ToString(), network.Service(node).Port, TimeSpan.FromSeconds(5));

    /// <summary>Everything the node wrote (its console output: the same lines as its node.log).</summary>
    public string Output(uint node)
    {
        using var stream = new FileStream(Cluster.OutputFile(node), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The resident set of a node's process in bytes, from /proc.</summary>
    public long ResidentBytes(uint node)
    {
        int pid = Cluster.Pid(node) ?? throw new InvalidOperationException($"node {node} is not running");
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        network.Dispose();
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
