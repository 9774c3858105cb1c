using System.Collections.Concurrent;
using System.Diagnostics;
using Plover.Engine.LocalCluster;
using Plover.Linearizability;
using Plover.Linearizability.Resp;
using Xunit.Abstractions;

namespace Plover.EndToEnd.Tests;

/// <summary>kill -9 of the primary under client load: clients reconnect to another node and are served again; nothing acknowledged is lost.</summary>
public class FailoverTests(ITestOutputHelper output)
{
    private const int Clients = 6;
    private static readonly TimeSpan ServedAgainMax = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Killing_the_primary_under_load_loses_no_acknowledged_write_and_clients_are_served_again_within_two_seconds()
    {
        await using TestCluster cluster = await TestCluster.UpAsync(output);
        uint primary = await cluster.PrimaryAsync();
        uint[] survivors = ClusterLayout.NodeIds.Where(n => n != primary).ToArray();
        var recorder = new HistoryRecorder();
        var killedAt = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var servedAgain = new long[Clients];
        var trace = new ConcurrentQueue<string>();
        Task[] clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() =>
            ClientLoopAsync(c, cluster, primary, survivors, recorder, killedAt.Task, servedAgain, trace, stop.Token))).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(3));
        // Asked again right before the kill: the clients were placed for the first answer, and the
        // test means nothing unless the node it kills is the one serving.
        uint servingNow = await cluster.PrimaryAsync();
        Assert.True(servingNow == primary, $"node {primary} served at the start, node {servingNow} right before the kill");
        killedAt.SetResult(Stopwatch.GetTimestamp());
        cluster.Kill(servingNow);
        output.WriteLine($"killed node {servingNow} (the serving primary) with SIGKILL");
        await Task.Delay(TimeSpan.FromSeconds(6));
        stop.Cancel();
        await Task.WhenAll(clients);
        foreach (string line in trace) output.WriteLine(line);

        uint newPrimary = await cluster.PrimaryAsync(except: primary);
        output.WriteLine($"node {newPrimary} is the new primary");
        await ReadEveryKeyAsync(cluster, newPrimary, recorder);
        IReadOnlyList<KvOperation> history = recorder.History();
        LinearizabilityResult result = KvLinearizability.Check(history);
        output.WriteLine($"{history.Count} operations, {history.Count(o => o.Result is null)} without a reply: {result.Verdict}");
        Assert.True(result.IsLinearizable, result.Explanation);

        double[] served = servedAgain.Select(t => Stopwatch.GetElapsedTime(killedAt.Task.Result, t).TotalMilliseconds).ToArray();
        output.WriteLine($"served again after the kill, per client (ms): {string.Join(", ", served.Select(s => s.ToString("F0")))}; worst {served.Max():F0} ms");
        Assert.All(servedAgain, t => Assert.True(t > 0, "a client was never served after the kill"));
        Assert.True(served.Max() <= ServedAgainMax.TotalMilliseconds, $"a client waited {served.Max():F0} ms to be served again");
    }

    /// <summary>
    /// One client: writes and reads its own keys (plus a shared counter) through one node, and on
    /// any failure reconnects to a node that is still up, recording every operation. Records when
    /// it is first served a request it made after the kill (a reply to an earlier one proves
    /// nothing about failover), and traces its reconnections.
    /// </summary>
    private static async Task ClientLoopAsync(int client, TestCluster cluster, uint primary, uint[] survivors, HistoryRecorder recorder,
        Task<long> killed, long[] servedAgain, ConcurrentQueue<string> trace, CancellationToken stop)
    {
        string SinceKill() => killed.IsCompleted ? $"{Stopwatch.GetElapsedTime(killed.Result).TotalMilliseconds:F0} ms after the kill" : "before the kill";
        var random = new Random(client);
        uint node = client % 3 == 0 ? primary : survivors[client % survivors.Length];
        int sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            if (killed.IsCompleted && node == primary) node = survivors[client % survivors.Length];
            RecordingKvClient? kv = null;
            try
            {
                if (killed.IsCompleted) trace.Enqueue($"client {client}: connecting to node {node}, {SinceKill()}");
                RespConnection connection = await RespConnection.ConnectAsync("127.0.0.1", cluster.Service(node).Port, TimeSpan.FromSeconds(2));
                kv = new RecordingKvClient(client, connection, recorder);
                while (!stop.IsCancellationRequested && !kv.Broken)
                {
                    KvCommand command = (sequence++ % 3) switch
                    {
                        0 => new KvCommand.Set($"c{client}:k{random.Next(4)}", $"{client}-{sequence}"),
                        1 => new KvCommand.Incr("shared"),
                        _ => new KvCommand.Get($"c{client}:k{random.Next(4)}"),
                    };
                    bool madeAfterKill = killed.IsCompleted;
                    KvResult? result = await kv.ExecuteAsync(command);
                    if (result is null && killed.IsCompleted) trace.Enqueue($"client {client}: no reply from node {node}, {SinceKill()}");
                    if (result is not null && madeAfterKill && servedAgain[client] == 0)
                    {
                        servedAgain[client] = Stopwatch.GetTimestamp();
                        trace.Enqueue($"client {client}: served again by node {node}, {SinceKill()}");
                    }
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
            {
                if (killed.IsCompleted) trace.Enqueue($"client {client}: {e.GetType().Name} with node {node}, {SinceKill()}");
            }
            finally
            {
                if (kv is not null) await kv.DisposeAsync();
            }
            if (killed.IsCompleted) node = survivors[(Array.IndexOf(survivors, node) + 1) % survivors.Length];
            await Task.Delay(20);
        }
    }

    /// <summary>Reads every key once more through the new primary, into the history: the checker then sees any lost write.</summary>
    private static async Task ReadEveryKeyAsync(TestCluster cluster, uint node, HistoryRecorder recorder)
    {
        await using var kv = new RecordingKvClient(Clients, await RespConnection.ConnectAsync("127.0.0.1", cluster.Service(node).Port), recorder);
        for (int c = 0; c < Clients; c++)
            for (int k = 0; k < 4; k++)
                Assert.NotNull(await kv.ExecuteAsync(new KvCommand.Get($"c{c}:k{k}")));
        Assert.NotNull(await kv.ExecuteAsync(new KvCommand.Get("shared")));
    }
}
