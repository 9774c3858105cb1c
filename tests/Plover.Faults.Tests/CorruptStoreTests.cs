using Plover.Consensus.Storage;
using Plover.Consensus.Storage.RocksDb;
using Xunit.Abstractions;

namespace Plover.Faults.Tests;

/// <summary>
/// A node whose store holds a damaged log record (one flipped byte) refuses to start, naming the
/// slot, rather than serving from a log it cannot trust; its peers carry on serving.
/// </summary>
public class CorruptStoreTests(ITestOutputHelper output)
{
    private const int ExitCannotStart = 3;
    /// <summary>Slots probed for the newest record the store holds (checkpoints truncate the oldest away).</summary>
    private const ulong ProbedSlotsMax = 100_000;
    private static readonly TimeSpan RefusedWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_with_a_flipped_byte_in_a_log_record_refuses_to_start_naming_the_slot()
    {
        var log = new StringWriter();
        await using LiveCluster live = await LiveCluster.StartAsync("kv.wasm", null, log);
        output.WriteLine(log.ToString());
        await using (var client = await live.ConnectAsync(live.Primary))
            for (int i = 0; i < 20; i++) await client.CallAsync("SET", $"k{i}", "v");
        uint victim = FaultCluster.NodeIds.First(n => n != live.Primary);
        live.Cluster.Stop(victim);

        string store = Path.Combine(live.Cluster.NodeDirectory(victim), "store");
        ulong damaged = FlipLastByteOfNewestRecord(store);
        live.Cluster.Start(victim);
        DateTime deadline = DateTime.UtcNow + RefusedWithin;
        while (live.Cluster.IsRunning(victim) && DateTime.UtcNow < deadline) await Task.Delay(100);

        string said = live.Output(victim);
        output.WriteLine(said[Math.Max(0, said.Length - 3000)..]);
        Assert.False(live.Cluster.IsRunning(victim), $"node {victim} kept running on a corrupt store");
        Assert.Contains((victim, ExitCannotStart), live.Cluster.UnexpectedExits());
        Assert.Contains($"slot {damaged}", said);
        Assert.NotNull(await live.Cluster.WaitForPrimaryAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Damages the newest log record (the node must load it: it lies after any checkpoint) and returns its slot.</summary>
    private static ulong FlipLastByteOfNewestRecord(string store)
    {
        using var db = RocksDb.Open(store, new RocksDbOptions(), "log", "meta", "engine");
        ulong newest = 0;
        byte[]? record = null;
        for (ulong slot = 1; slot <= ProbedSlotsMax; slot++)
            if (db.Get(db.ColumnFamily("log"), LogRecord.Key(slot)) is { } found)
                (newest, record) = (slot, found);
        if (record is null) throw new InvalidOperationException($"no log record in slots 1..{ProbedSlotsMax} of {store}");
        record[^1] ^= 0x40;
        using var batch = new RocksWriteBatch();
        db.Write(batch.Put(db.ColumnFamily("log"), LogRecord.Key(newest), record), sync: true);
        return newest;
    }
}
