using System.Buffers.Binary;
using System.Text;
using Plover.Consensus.Storage;
using Plover.Consensus.Storage.RocksDb;

namespace Plover.Consensus.Tests.Storage;

public class RocksDbLogStoreTests
{
    private static readonly StoreIdentity Node1 = new("cluster-a", 1);
    private static readonly Ballot B = new(3, 2);

    private static LogEntry Entry(ulong slot, string text, Ballot? ballot = null) =>
        new(slot, ballot ?? B, SlotValue.Batch([Encoding.UTF8.GetBytes(text)]));

    private static PersistBatch Batch(HardState? hard, params LogEntry[] entries) => new(hard, entries, Sync: true, []);

    [Fact]
    public void A_new_store_loads_as_an_empty_node()
    {
        using var dir = new TempDirectory();
        using var store = RocksDbLogStore.Open(dir.Path, Node1);
        DurableState state = store.Load();
        Assert.Equal(Ballot.Zero, state.Promised);
        Assert.Equal(1UL, state.FirstSlot);
        Assert.Equal(0UL, state.CommitSlot);
        Assert.Empty(state.Entries);
    }

    [Fact]
    public void Hard_state_entries_and_engine_keys_persist_together_and_survive_reopening()
    {
        using var dir = new TempDirectory();
        using (var store = RocksDbLogStore.Open(dir.Path, Node1))
        {
            var batch = new PersistBatch(new HardState(B, 2, 1), [Entry(1, "a"), Entry(2, "b"), Entry(5, "e", new Ballot(2, 1))], Sync: true,
                [new EngineWrite([1, 1], [42]), new EngineWrite([1, 2], [43]), new EngineWrite([2], [44])]);
            store.Persist(batch);
            store.Persist(new PersistBatch(null, [], Sync: true, [new EngineWrite([1, 2], null)]));
        }

        using var reopened = RocksDbLogStore.Open(dir.Path, Node1);
        DurableState state = reopened.Load();
        Assert.Equal(B, state.Promised);
        Assert.Equal(2UL, state.CommitSlot);
        Assert.Equal([1UL, 2UL, 5UL], state.Entries.Select(e => e.Slot));
        Assert.Equal(Entry(5, "e", new Ballot(2, 1)).Value, state.Entries[2].Value);
        Assert.Equal(new Ballot(2, 1), state.Entries[2].Ballot);
        Assert.Equal([42], reopened.ReadEngineValue([1, 1]));
        Assert.Null(reopened.ReadEngineValue([1, 2]));
        Assert.Equal([[1, 1]], reopened.ReadEngineValues([1]).Select(kv => kv.Key));
        Assert.Equal([2UL], reopened.ReadEntries(2, 4).Select(e => e.Slot));
    }

    [Fact]
    public void Raising_the_first_slot_deletes_the_log_below_it_in_the_same_write()
    {
        using var dir = new TempDirectory();
        using var store = RocksDbLogStore.Open(dir.Path, Node1);
        store.Persist(Batch(new HardState(B, 10, 1), Enumerable.Range(1, 10).Select(s => Entry((ulong)s, $"v{s}")).ToArray()));

        store.Persist(new PersistBatch(new HardState(B, 10, 7), [], Sync: true, [new EngineWrite([9], [6])]));

        DurableState state = store.Load();
        Assert.Equal(7UL, state.FirstSlot);
        Assert.Equal([7UL, 8UL, 9UL, 10UL], state.Entries.Select(e => e.Slot));
        Assert.Empty(store.ReadEntries(1, 6));
        Assert.Equal([6], store.ReadEngineValue([9]));
    }

    [Fact]
    public void A_store_of_another_cluster_or_node_is_refused()
    {
        using var dir = new TempDirectory();
        RocksDbLogStore.Open(dir.Path, Node1).Dispose();

        var otherCluster = Assert.Throws<StoreIdentityMismatchException>(() => RocksDbLogStore.Open(dir.Path, new StoreIdentity("cluster-b", 1)));
        Assert.Equal(Node1, otherCluster.Found);
        Assert.Contains("cluster-a", otherCluster.Message);
        Assert.Throws<StoreIdentityMismatchException>(() => RocksDbLogStore.Open(dir.Path, new StoreIdentity("cluster-a", 2)));
    }

    [Fact]
    public void A_store_written_by_a_newer_format_is_refused()
    {
        using var dir = new TempDirectory();
        RocksDbLogStore.Open(dir.Path, Node1).Dispose();
        using (var db = RocksDb.Open(dir.Path, new RocksDbOptions(), "log", "meta", "engine"))
        using (var batch = new RocksWriteBatch())
        {
            byte[] version = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(version, 2);
            db.Write(batch.Put(db.ColumnFamily("meta"), Encoding.ASCII.GetBytes("format_version"), version), sync: true);
        }

        var error = Assert.Throws<StoreFormatException>(() => RocksDbLogStore.Open(dir.Path, Node1));
        Assert.Equal(2u, error.Found);
        Assert.Equal(1u, error.Supported);
    }

    [Fact]
    public void A_flipped_byte_in_a_record_fails_the_load_naming_the_slot()
    {
        using var dir = new TempDirectory();
        using (var store = RocksDbLogStore.Open(dir.Path, Node1)) store.Persist(Batch(new HardState(B, 3, 1), Entry(1, "a"), Entry(2, "bb"), Entry(3, "c")));
        Damage(dir.Path, 2, record => record[^1] ^= 0x01);

        using var reopened = RocksDbLogStore.Open(dir.Path, Node1);
        var error = Assert.Throws<LogCorruptionException>(() => reopened.Load());
        Assert.Equal(2UL, error.Slot);
        Assert.Contains("CRC mismatch", error.Problem);
        Assert.Contains("slot 2", error.Message);
        // The node cannot be built (and so cannot vote) from a store that will not load.
        Assert.Throws<LogCorruptionException>(() => reopened.ReadEntries(1, 3));
    }

    [Fact]
    public void A_record_moved_to_another_slot_or_cut_short_is_corrupt()
    {
        using var dir = new TempDirectory();
        using (var store = RocksDbLogStore.Open(dir.Path, Node1)) store.Persist(Batch(new HardState(B, 0, 1), Entry(1, "a"), Entry(2, "b")));
        byte[] moved = ReadRaw(dir.Path, 1);
        WriteRaw(dir.Path, 2, moved);
        using (var reopened = RocksDbLogStore.Open(dir.Path, Node1))
            Assert.Equal(2UL, Assert.Throws<LogCorruptionException>(() => reopened.Load()).Slot);

        WriteRaw(dir.Path, 2, moved[..5]);
        using var again = RocksDbLogStore.Open(dir.Path, Node1);
        Assert.Contains("shorter than its 12-byte header", Assert.Throws<LogCorruptionException>(() => again.Load()).Problem);
    }

    [Fact]
    public void A_missing_committed_slot_is_corrupt_but_a_hole_above_the_commit_slot_is_normal()
    {
        using var dir = new TempDirectory();
        using (var store = RocksDbLogStore.Open(dir.Path, Node1))
        {
            store.Persist(Batch(new HardState(B, 2, 1), Entry(1, "a"), Entry(2, "b"), Entry(4, "d")));
            Assert.Equal([1UL, 2UL, 4UL], store.Load().Entries.Select(e => e.Slot));
        }
        using (var db = RocksDb.Open(dir.Path, new RocksDbOptions(), "log", "meta", "engine"))
        using (var batch = new RocksWriteBatch())
            db.Write(batch.Delete(db.ColumnFamily("log"), LogRecord.Key(1)), sync: true);

        using var reopened = RocksDbLogStore.Open(dir.Path, Node1);
        var error = Assert.Throws<LogCorruptionException>(() => reopened.Load());
        Assert.Equal(1UL, error.Slot);
        Assert.Contains("committed slot is missing", error.Problem);
    }

    [Fact]
    public void A_node_restarts_from_its_rocksdb_store_and_carries_on()
    {
        using var dir = new TempDirectory();
        var cluster = new Core.TestCluster(configure: c => c with { BatchEntriesMax = 1 });
        cluster.Elect(1);
        cluster.ProposeAndDeliver(1, "a", "b");
        using (var store = RocksDbLogStore.Open(dir.Path, new StoreIdentity("test", 2)))
            store.Persist(new PersistBatch(new HardState(cluster[2].Promised, cluster[2].CommitSlot, 1), cluster.Stores[2].Load().Entries, true, []));

        using var reopened = RocksDbLogStore.Open(dir.Path, new StoreIdentity("test", 2));
        cluster.Nodes[2] = cluster.NewNode(2, reopened.Load(), appliedSlot: 0);
        cluster.Process(2);
        cluster.ProposeAndDeliver(1, "c");

        Assert.Equal(["a", "b", "a", "b", "c"], cluster.AppliedTexts(2));
        Assert.Equal(3UL, cluster[2].CommitSlot);
    }

    [Fact]
    public void A_store_recreated_for_a_rebuild_stays_marked_until_the_promotion_is_persisted()
    {
        using var dir = new TempDirectory();
        RocksDbLogStore.Open(dir.Path, Node1).Dispose();
        Assert.Throws<InvalidOperationException>(() => RocksDbLogStore.CreateForRebuild(dir.Path, Node1));

        string fresh = dir.Sub("rebuilt");
        using (var store = RocksDbLogStore.CreateForRebuild(fresh, Node1))
        {
            Assert.True(store.Load().Rebuilding);
            store.Persist(Batch(new HardState(B, 0, 1, Rebuilding: true), Entry(1, "a")));
        }
        using (var reopened = RocksDbLogStore.Open(fresh, Node1))
        {
            Assert.True(reopened.Load().Rebuilding);
            reopened.Persist(Batch(new HardState(B, 1, 1, Rebuilding: false)));
        }
        using var promoted = RocksDbLogStore.Open(fresh, Node1);
        Assert.False(promoted.Load().Rebuilding);
        Assert.False(RocksDbLogStore.Open(dir.Path, Node1).Load().Rebuilding);
    }

    private static byte[] ReadRaw(string path, ulong slot)
    {
        using var db = RocksDb.Open(path, new RocksDbOptions(), "log", "meta", "engine");
        return db.Get(db.ColumnFamily("log"), LogRecord.Key(slot))!;
    }

    private static void WriteRaw(string path, ulong slot, byte[] record)
    {
        using var db = RocksDb.Open(path, new RocksDbOptions(), "log", "meta", "engine");
        using var batch = new RocksWriteBatch();
        db.Write(batch.Put(db.ColumnFamily("log"), LogRecord.Key(slot), record), sync: true);
    }

    private static void Damage(string path, ulong slot, Action<byte[]> change)
    {
        byte[] record = ReadRaw(path, slot);
        change(record);
        WriteRaw(path, slot, record);
    }
}
