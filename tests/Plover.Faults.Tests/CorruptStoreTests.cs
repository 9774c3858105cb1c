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
    private const ulong DamagedSlot = 2;
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
        FlipLastByte(store, DamagedSlot);
        live.Cluster.Start(victim);
        DateTime deadline = DateTime.UtcNow + RefusedWithin;
        while (live.Cluster.IsRunning(victim) && DateTime.UtcNow < deadline) await Task.Delay(100);

        string said = live.Output(victim);
        output.WriteLine(said[Math.Max(0, said.Length - 3000)..]);
        Assert.False(live.Cluster.IsRunning(victim), $"node {victim} kept running on a corrupt store");
        Assert.Contains((victim, ExitCannotStart), live.Cluster.UnexpectedExits());
        Assert.Contains($"slot {DamagedSlot}", said);
        Assert.NotNull(await live.Cluster.WaitForPrimaryAsync(TimeSpan.FromSeconds(10)));
    }

    private static void FlipLastByte(string store, ulong slot)
    {
        using var db = RocksDb.Open(store, new RocksDbOptions(), "log", "meta", "engine");
        byte[] record = db.Get(db.ColumnFamily("log"), LogRecord.Key(slot))
            ?? throw new InvalidOperationException($"slot {slot} is not in {store}");
        record[^1] ^= 0x40;
        using var batch = new RocksWriteBatch();
        db.Write(batch.Put(db.ColumnFamily("log"), LogRecord.Key(slot), record), sync: true);
    }
}
