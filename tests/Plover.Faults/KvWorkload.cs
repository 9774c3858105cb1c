using System.Diagnostics;
using System.Net.Sockets;
using Plover.Linearizability;
using Plover.Linearizability.Resp;

namespace Plover.Faults;

/// <summary>
/// Concurrent clients of the kv guest recording every operation: SETs of unique values, GETs and
/// INCRs on counters, each client on a node of its choosing and, when its connection breaks
/// (the operation is then indeterminate), on a fresh connection under a new client id to another
/// node. Keys move on every <see cref="KeyWindowMs"/> so each key's history stays small enough to
/// check quickly, however long the run.
/// </summary>
public sealed class KvWorkload
{
    public const int RegistersPerWindow = 6;
    public const int CountersPerWindow = 2;
    public const int KeyWindowMs = 15_000;
    private const int ThinkMsMax = 8;
    private const int ConnectionIdsPerClient = 1_000_000;
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly FaultCluster cluster;
    private readonly HistoryRecorder recorder = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock keysLock = new();
    private readonly SortedSet<string> registers = new(StringComparer.Ordinal);
    private readonly SortedSet<string> counters = new(StringComparer.Ordinal);
    private long connectFailures;

    public KvWorkload(FaultCluster cluster) => this.cluster = cluster;

    public HistoryRecorder Recorder => recorder;

    public long ConnectFailures => Interlocked.Read(ref connectFailures);

    public IReadOnlyList<string> Registers { get { lock (keysLock) return [.. registers]; } }

    public IReadOnlyList<string> Counters { get { lock (keysLock) return [.. counters]; } }

    /// <summary>Runs <paramref name="clients"/> clients until <paramref name="stop"/>; each finishes its operation in flight (bounded by the reply timeout).</summary>
    public Task RunAsync(int clients, FaultPrng random, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(c =>
        {
            FaultPrng own = random.Fork((ulong)c + 1);
            return Task.Run(() => ClientLoopAsync(c, own, stop));
        }));

    private async Task ClientLoopAsync(int client, FaultPrng random, CancellationToken stop)
    {
        int connections = 0;
        int sequence = 0;
        uint node = (uint)(client % 3 + 1);
        while (!stop.IsCancellationRequested)
        {
            int clientId = client * ConnectionIdsPerClient + connections++;
            RecordingKvClient? kv = null;
            try
            {
                RespConnection connection = await RespConnection.ConnectAsync(cluster.Network.Service(node).Address.ToString(),
                    cluster.Network.Service(node).Port, ConnectTimeout).ConfigureAwait(false);
                connection.Timeout = ReplyTimeout;
                kv = new RecordingKvClient(clientId, connection, recorder);
                while (!stop.IsCancellationRequested && !kv.Broken)
                {
                    await kv.ExecuteAsync(NextCommand(client, ++sequence, random)).ConfigureAwait(false);
                    await Task.Delay(random.Below(ThinkMsMax + 1), CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or OperationCanceledException)
            {
                Interlocked.Increment(ref connectFailures);
                await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                if (kv is not null) await kv.DisposeAsync().ConfigureAwait(false);
            }
            node = (uint)random.Between(1, 3);
        }
    }

    private KvCommand NextCommand(int client, int sequence, FaultPrng random)
    {
        long window = clock.ElapsedMilliseconds / KeyWindowMs;
        int draw = random.Below(20);
        if (draw < 5)
        {
            string counter = $"w{window}:n{random.Below(CountersPerWindow)}";
            lock (keysLock) counters.Add(counter);
            return new KvCommand.Incr(counter);
        }
        string register = $"w{window}:r{random.Below(RegistersPerWindow)}";
        lock (keysLock) registers.Add(register);
        return draw < 13 ? new KvCommand.Set(register, $"c{client}.{sequence}") : new KvCommand.Get(register);
    }

    /// <summary>
    /// Reads every key used, through any node that answers, into the history: a lost acknowledged
    /// write then shows as a read the checker cannot place. Returns the final values (null: never read).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, KvResult?>> ReadEveryKeyAsync(TimeSpan timeout)
    {
        var finals = new SortedDictionary<string, KvResult?>(StringComparer.Ordinal);
        var pending = new Queue<string>([.. Registers, .. Counters]);
        DateTime deadline = DateTime.UtcNow + timeout;
        int attempt = 0;
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            uint node = (uint)(attempt++ % 3 + 1);
            try
            {
                RespConnection connection = await RespConnection.ConnectAsync(cluster.Network.Service(node).Address.ToString(),
                    cluster.Network.Service(node).Port, ConnectTimeout).ConfigureAwait(false);
                connection.Timeout = ReplyTimeout;
                await using var kv = new RecordingKvClient(-1 - attempt, connection, recorder);
                while (pending.Count > 0)
                {
                    KvResult? result = await kv.ExecuteAsync(new KvCommand.Get(pending.Peek())).ConfigureAwait(false);
                    if (result is null) break;
                    finals[pending.Dequeue()] = result;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
        }
        foreach (string key in pending) finals[key] = null;
        return finals;
    }
}
