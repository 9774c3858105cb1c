using System.CommandLine;
using Plover.Bench.Consensus;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover bench consensus`: three in-process replicas with real RocksDB stores (synced writes) and
/// a zero-latency in-memory network; for each batch size, committed entries per second at the
/// leader and the commit latency (p50, p99) of 100-byte proposals.
/// </summary>
internal static class BenchConsensusCommand
{
    public static Command Create()
    {
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes (proposals per client batch and per slot).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [1, 16, 256] };
        var clients = new Option<int>("--clients") { Description = "Closed-loop clients, each with one batch outstanding.", DefaultValueFactory = _ => 4 };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per batch size (after a one-second warm-up).", DefaultValueFactory = _ => 5 };
        var dir = new Option<string?>("--dir") { Description = "Where the RocksDB stores go (default: the temp folder)." };
        var consensus = new Command("consensus", "Multi-Paxos throughput and commit latency over three replicas with synced RocksDB logs.") { batches, clients, seconds, dir };
        consensus.SetAction(parse => Run(parse.GetValue(batches) ?? [1, 16, 256], parse.GetValue(clients), parse.GetValue(seconds), parse.GetValue(dir)));
        return consensus;
    }

    private static int Run(int[] batchSizes, int clients, double seconds, string? directory)
    {
        Console.WriteLine($"3 replicas, RocksDB with synced writes, in-memory network, {ConsensusBenchmark.PayloadBytes}-byte payloads, {clients} closed-loop clients, {seconds:F0} s per batch size");
        Console.WriteLine($"{"batch",6} {"entries/s",12} {"slots/s",10} {"p50 ms",8} {"p99 ms",8} {"leader syncs/s",15} {"entries/sync",13}");
        foreach (int batch in batchSizes)
        {
            var benchmark = new ConsensusBenchmark
            {
                BatchSize = batch,
                Clients = clients,
                Duration = TimeSpan.FromSeconds(seconds),
                WorkDirectory = directory ?? Path.GetTempPath(),
            };
            ConsensusBenchResult r = benchmark.Run();
            Console.WriteLine($"{r.BatchSize,6} {r.EntriesPerSecond,12:N0} {r.Slots / r.Seconds,10:N0} {r.LatencyP50Milliseconds,8:F2} {r.LatencyP99Milliseconds,8:F2} {r.LeaderSyncsPerSecond,15:N0} {r.EntriesPerLeaderSync,13:F1}");
        }
        return 0;
    }
}
