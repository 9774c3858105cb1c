using System.Collections.Concurrent;
using Plover.EndToEnd.Tests;
using Plover.Linearizability.Resp;

namespace Plover.Recovery.Tests;

/// <summary>
/// Clients writing distinct keys through one node until stopped, reconnecting after any failure;
/// every write whose OK arrived is remembered (key to value), so a check can read each one back.
/// </summary>
internal sealed class WriteLoad : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> acknowledged = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task[] clients;

    public WriteLoad(TestCluster cluster, Func<uint> node, int clientCount, string prefix, int valueBytes = 64)
    {
        clients = Enumerable.Range(0, clientCount).Select(c => Task.Run(() => ClientAsync(cluster, node, $"{prefix}{c}:", valueBytes))).ToArray();
    }

    public IReadOnlyDictionary<string, string> Acknowledged => acknowledged;

    public async Task StopAsync()
    {
        stop.Cancel();
        await Task.WhenAll(clients);
    }

    private async Task ClientAsync(TestCluster cluster, Func<uint> node, string prefix, int valueBytes)
    {
        int sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using RespConnection connection = await RespConnection.ConnectAsync("127.0.0.1", cluster.Service(node()).Port, TimeSpan.FromSeconds(2));
                while (!stop.IsCancellationRequested)
                {
                    string key = $"{prefix}{sequence++}";
                    string value = $"{key}=".PadRight(valueBytes, 'v');
                    if (await connection.CallAsync("SET", key, value) is RespReply.Status { Text: "OK" }) acknowledged[key] = value;
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException
)
            {
            }
            if (!stop.IsCancellationRequested) await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested) await StopAsync();
        stop.Dispose();
    }
}
