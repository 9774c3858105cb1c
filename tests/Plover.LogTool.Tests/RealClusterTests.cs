using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Plover.Cli.Log;
using Plover.Engine.LocalCluster;

namespace Plover.LogTool.Tests;

/// <summary>
/// A store made by a real cluster run (<c>./plover cluster up</c> with the kv guest): a client
/// talks to node 2 (which forwards to the primary), then node 2's store is inspected while the
/// node runs, and every store is verified after the cluster stops.
/// </summary>
public sealed class RealClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(20);
    private readonly TempFolder folder = new("plover-logtool-cluster");
    private readonly int portBase = FreePortBlock();
    private bool started;

    private string Data => folder.Sub("cluster");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (started) await Launcher.RunAsync("cluster", "down", "--data", Data);
        folder.Dispose();
    }

    [Fact]
    public async Task Inspecting_a_live_node_shows_what_the_client_sent_and_every_store_verifies()
    {
        var up = await Launcher.RunAsync("cluster", "up", "--guest", Launcher.Guest("kv.wasm"), "--data", Data, "--port-base", portBase.ToString());
        started = true;
        Assert.True(up.ExitCode == 0, $"cluster up: {up.Stdout}\n{up.Stderr}");

        byte[] sent = await TalkToNodeAsync(new ClusterLayout(Data, portBase).Service(2));
        string node2 = Path.Combine(Data, "node2");
        JsonElement entries = await WaitForConnectionBytesAsync(node2, sent);

        JsonElement[] data = entries.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "data").ToArray();
        Assert.Equal(sent, data.SelectMany(e => e.GetProperty("bytes").GetBytesFromBase64()).ToArray());
        Assert.All(data, e => Assert.True(e.GetProperty("leaderTimestampNs").GetInt64() > DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds() * 1_000_000));
        JsonElement[] all = entries.EnumerateArray().ToArray();
        Assert.Equal("connect", all[0].GetProperty("kind").GetString());
        Assert.Equal(2u, ConnectionIdText.NodeOf(all[0].GetProperty("connection").GetUInt64()));

        ToolRun summaryRun = ToolRun.Inspect(new InspectRequest(node2, Json: true));
        JsonElement summary = summaryRun.Json();
        string clusterId = JsonDocument.Parse(File.ReadAllText(Path.Combine(Data, "cluster.json"))).RootElement.GetProperty("clusterId").GetString()!;
        Assert.Equal(clusterId, summary.GetProperty("cluster").GetString());
        Assert.Equal(2, summary.GetProperty("node").GetInt32());
        Assert.True(summary.GetProperty("entries").GetProperty("takeover").GetInt32() >= 1, summaryRun.Stdout);
        Assert.True(summary.GetProperty("dataBytes").GetInt64() >= sent.Length);
        Assert.True(summary.GetProperty("epochStatistics").GetProperty("records").GetInt32() >= 1, summaryRun.Stdout);
        // The connection's close may still be on its way to commit; everything the client sent is committed.
        Assert.All(data, e => Assert.True(e.GetProperty("committed").GetBoolean()));
        ulong lastCommitted = all.Where(e => e.GetProperty("committed").GetBoolean()).Max(e => e.GetProperty("slot").GetUInt64());
        Assert.True(summary.GetProperty("commitSlot").GetUInt64() >= lastCommitted, summaryRun.Stdout);

        var down = await Launcher.RunAsync("cluster", "down", "--data", Data);
        started = false;
        Assert.True(down.ExitCode == 0, down.Stderr);
        foreach (int node in new[] { 1, 2, 3 })
        {
            var verify = await Launcher.RunAsync("log", "verify", "--data", Path.Combine(Data, $"node{node}"));
            Assert.True(verify.ExitCode == 0, $"node {node}: {verify.Stdout}\n{verify.Stderr}");
            Assert.StartsWith("OK: ", verify.Stdout);
        }
    }

    /// <summary>SET and GET three keys on one connection; returns every byte sent, after reading every reply.</summary>
    private static async Task<byte[]> TalkToNodeAsync(IPEndPoint node)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(node);
        NetworkStream stream = client.GetStream();
        var sent = new List<byte>();
        var reader = new StreamReader(stream, Encoding.ASCII);
        for (int i = 1; i <= 3; i++)
        {
            await SendAsync(stream, sent, $"*3\r\n$3\r\nSET\r\n$4\r\nkey{i}\r\n$6\r\nvalue{i}\r\n");
            Assert.Equal("+OK", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
            await SendAsync(stream, sent, $"*2\r\n$3\r\nGET\r\n$4\r\nkey{i}\r\n");
            Assert.Equal("$6", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal($"value{i}", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        }
        return sent.ToArray();
    }

    private static async Task SendAsync(NetworkStream stream, List<byte> sent, string command)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(command);
        sent.AddRange(bytes);
        await stream.WriteAsync(bytes);
    }

    /// <summary>The entries of node 2's connection once its store holds (committed) every byte sent; node 2 is a backup and may trail.</summary>
    private static async Task<JsonElement> WaitForConnectionBytesAsync(string nodeData, byte[] sent)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            ToolRun run = ToolRun.Inspect(new InspectRequest(nodeData, AllEntries: true, Json: true));
            Assert.True(run.ExitCode == 0, run.ToString());
            JsonElement[] entries = run.Json().GetProperty("entries").EnumerateArray()
                .Where(e => e.GetProperty("committed").GetBoolean() && e.TryGetProperty("connection", out JsonElement c) && c.ValueKind == JsonValueKind.Number
                            && ConnectionIdText.NodeOf(c.GetUInt64()) == 2)
                .ToArray();
            long bytes = entries.Where(e => e.GetProperty("kind").GetString() == "data").Sum(e => e.GetProperty("length").GetInt64());
            if (bytes >= sent.Length && entries.Length > 0)
            {
                ulong connection = entries[0].GetProperty("connection").GetUInt64();
                ToolRun byConnection = ToolRun.Inspect(new InspectRequest(nodeData, Connection: ConnectionIdText.Format(connection), Json: true));
                return byConnection.Json().GetProperty("entries");
            }
            if (clock.Elapsed > CatchUpTimeout) throw new TimeoutException($"node 2's store holds {bytes} of the {sent.Length} bytes sent after {CatchUpTimeout}:\n{run.Stdout}");
            await Task.Delay(200);
        }
    }

    private static int FreePortBlock()
    {
        for (int portBase = 41_000 + Environment.ProcessId % 500 * 30; portBase < 64_000; portBase += 30)
            if (Enumerable.Range(1, ClusterLayout.PeerOffset + ClusterLayout.Nodes).All(o => IsFree(portBase + o))) return portBase;
        throw new InvalidOperationException("no free block of loopback ports found");
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
