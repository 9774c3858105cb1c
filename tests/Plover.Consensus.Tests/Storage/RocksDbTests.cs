using System.Buffers.Binary;
using System.Text;
using Plover.Consensus.Storage.RocksDb;

namespace Plover.Consensus.Tests.Storage;

public class RocksDbTests
{
    private static readonly RocksDbOptions Create = new();
    private static readonly RocksDbOptions MustExist = new() { CreateIfMissing = false };

    private static byte[] SlotKey(ulong slot)
    {
        var key = new byte[9];
        key[0] = (byte)'L';
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(1), slot);
        return key;
    }

    private static ulong SlotOf(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadUInt64BigEndian(key[1..]);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Synced_batch_survives_close_and_reopen()
    {
        using var dir = new TempDirectory();
        using (var db = RocksDb.Open(dir.Path, Create, "log", "meta"))
        using (var batch = new RocksWriteBatch())
        {
            batch.Put(db.ColumnFamily("log"), SlotKey(7), Utf8("seven"))
                 .Put(db.ColumnFamily("meta"), Utf8("promised"), Utf8("3.1"));
            Assert.Equal(2, batch.Count);
            db.Write(batch, sync: true);
        }

        using var reopened = RocksDb.Open(dir.Path, MustExist, "log", "meta");
        Assert.Equal(Utf8("seven"), reopened.Get(reopened.ColumnFamily("log"), SlotKey(7)));
        Assert.Equal(Utf8("3.1"), reopened.Get(reopened.ColumnFamily("meta"), Utf8("promised")));
        Assert.Null(reopened.Get(reopened.ColumnFamily("log"), SlotKey(8)));
    }

    [Fact]
    public void Unsynced_write_is_visible_and_delete_removes_it()
    {
        using var dir = new TempDirectory();
        using var db = RocksDb.Open(dir.Path, Create, "log");
        RocksColumnFamily log = db.ColumnFamily("log");
        using (var batch = new RocksWriteBatch()) db.Write(batch.Put(log, SlotKey(1), Utf8("a")), sync: false);
        Assert.Equal(Utf8("a"), db.Get(log, SlotKey(1)));
        using (var batch = new RocksWriteBatch()) db.Write(batch.Delete(log, SlotKey(1)), sync: true);
        Assert.Null(db.Get(log, SlotKey(1)));
    }

    [Fact]
    public void Big_endian_slot_keys_iterate_in_numeric_order()
    {
        using var dir = new TempDirectory();
        using var db = RocksDb.Open(dir.Path, Create, "log");
        RocksColumnFamily log = db.ColumnFamily("log");
        // Written in an order where little-endian or decimal keys would sort differently.
        ulong[] slots = [256, 1, 65536, 255, 2, 70000, 257, 1UL << 40, 0];
        using (var batch = new RocksWriteBatch())
        {
            foreach (ulong slot in slots) batch.Put(log, SlotKey(slot), BitConverter.GetBytes(slot));
            db.Write(batch, sync: true);
        }

        var seen = new List<ulong>();
        using var it = db.NewIterator(log);
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            seen.Add(SlotOf(it.Key));
            Assert.Equal(SlotOf(it.Key), BitConverter.ToUInt64(it.Value));
        }
        Assert.Equal(slots.Order().ToList(), seen);
    }

    [Fact]
    public void Delete_range_removes_exactly_the_half_open_range()
    {
        using var dir = new TempDirectory();
        using var db = RocksDb.Open(dir.Path, Create, "log");
        RocksColumnFamily log = db.ColumnFamily("log");
        using (var batch = new RocksWriteBatch())
        {
            for (ulong slot = 1; slot <= 100; slot++) batch.Put(log, SlotKey(slot), [1]);
            db.Write(batch, sync: true);
        }
        using (var batch = new RocksWriteBatch())
        {
            db.Write(batch.DeleteRange(log, SlotKey(10), SlotKey(50)), sync: true);
        }

        var remaining = new List<ulong>();
        using var it = db.NewIterator(log);
        for (it.SeekToFirst(); it.Valid; it.Next()) remaining.Add(SlotOf(it.Key));
        var expected = Enumerable.Range(1, 100).Select(i => (ulong)i).Where(s => s < 10 || s >= 50).ToList();
        Assert.Equal(expected, remaining);
        Assert.NotNull(db.Get(log, SlotKey(9)));
        Assert.Null(db.Get(log, SlotKey(10)));
        Assert.Null(db.Get(log, SlotKey(49)));
        Assert.NotNull(db.Get(log, SlotKey(50)));
    }

    [Fact]
    public void Iterator_bounds_hold_after_the_callers_buffers_are_reused()
    {
        using var dir = new TempDirectory();
        using var db = RocksDb.Open(dir.Path, Create, "log");
        RocksColumnFamily log = db.ColumnFamily("log");
        using (var batch = new RocksWriteBatch())
        {
            for (ulong slot = 0; slot < 50; slot++) batch.Put(log, SlotKey(slot), [2]);
            db.Write(batch, sync: false);
        }

        byte[] lower = SlotKey(20);
        byte[] upper = SlotKey(30);
        using var it = db.NewIterator(log, lower, upper);
        // The iterator must have copied the bounds: scribbling over the caller's arrays changes nothing.
        Array.Fill(lower, (byte)0);
        Array.Fill(upper, (byte)0xFF);
        GC.Collect();

        var seen = new List<ulong>();
        for (it.SeekToFirst(); it.Valid; it.Next()) seen.Add(SlotOf(it.Key));
        Assert.Equal(Enumerable.Range(20, 10).Select(i => (ulong)i), seen);

        it.SeekToLast();
        Assert.True(it.Valid);
        Assert.Equal(29UL, SlotOf(it.Key));
        it.Seek(SlotKey(25));
        Assert.Equal(25UL, SlotOf(it.Key));
        it.SeekForPrev(SlotKey(1000));
        Assert.Equal(29UL, SlotOf(it.Key));
    }

    [Fact]
    public void Flushed_data_reads_back_through_read_only_open_which_refuses_writes()
    {
        using var dir = new TempDirectory();
        using (var db = RocksDb.Open(dir.Path, Create, "log", "meta"))
        {
            using var batch = new RocksWriteBatch();
            db.Write(batch.Put(db.ColumnFamily("log"), SlotKey(3), Utf8("x")), sync: true);
            db.Flush(db.ColumnFamily("log"));
        }

        using var ro = RocksDb.OpenReadOnly(dir.Path);
        Assert.True(ro.IsReadOnly);
        Assert.Contains("meta", ro.ColumnFamilyNames);
        Assert.Equal(Utf8("x"), ro.Get(ro.ColumnFamily("log"), SlotKey(3)));
        using var write = new RocksWriteBatch();
        write.Put(ro.ColumnFamily("log"), SlotKey(4), Utf8("y"));
        Assert.Throws<InvalidOperationException>(() => ro.Write(write, sync: true));
    }

    [Fact]
    public void Read_only_open_works_while_the_store_is_open_for_writing()
    {
        using var dir = new TempDirectory();
        using var writer = RocksDb.Open(dir.Path, Create, "log");
        using (var batch = new RocksWriteBatch())
            writer.Write(batch.Put(writer.ColumnFamily("log"), SlotKey(1), Utf8("live")), sync: true);

        using var reader = RocksDb.OpenReadOnly(dir.Path);
        Assert.Equal(Utf8("live"), reader.Get(reader.ColumnFamily("log"), SlotKey(1)));
    }

    [Fact]
    public void Missing_store_gives_an_error_naming_the_path()
    {
        using var dir = new TempDirectory();
        string missing = dir.Sub("nothing-here");
        var error = Assert.Throws<RocksDbException>(() => RocksDb.Open(missing, MustExist, "log"));
        Assert.Contains(missing, error.Message);
        var readOnlyError = Assert.Throws<RocksDbException>(() => RocksDb.OpenReadOnly(missing));
        Assert.Contains(missing, readOnlyError.Message);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void Corrupt_store_gives_a_corruption_error()
    {
        using var dir = new TempDirectory();
        using (var db = RocksDb.Open(dir.Path, Create, "log"))
        using (var batch = new RocksWriteBatch())
        {
            db.Write(batch.Put(db.ColumnFamily("log"), SlotKey(1), Utf8("v")), sync: true);
            db.Flush(db.ColumnFamily("log"));
        }
        // Damage the manifest the CURRENT file points at: recovery must refuse, not start empty.
        string manifest = Path.Combine(dir.Path, File.ReadAllText(Path.Combine(dir.Path, "CURRENT")).Trim());
        byte[] bytes = File.ReadAllBytes(manifest);
        for (int i = 0; i < bytes.Length; i += 7) bytes[i] ^= 0x5A;
        File.WriteAllBytes(manifest, bytes);

        var error = Assert.Throws<RocksDbException>(() => RocksDb.Open(dir.Path, MustExist, "log"));
        Assert.True(error.IsCorruption || error.RocksMessage.Contains("orrupt"), error.Message);
    }

    [Fact]
    public void Unknown_column_family_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        using var db = RocksDb.Open(dir.Path, Create, "log");
        var error = Assert.Throws<KeyNotFoundException>(() => db.ColumnFamily("nope"));
        Assert.Contains("nope", error.Message);
    }
}
