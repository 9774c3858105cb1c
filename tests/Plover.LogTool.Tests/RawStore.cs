using Plover.Consensus.Storage;
using Plover.Consensus.Storage.RocksDb;

namespace Plover.LogTool.Tests;

/// <summary>The store opened with the bare RocksDB binding, to damage it the way a disk or a bug would.</summary>
internal sealed class RawStore : IDisposable
{
    private readonly RocksDb db;

    public RawStore(string storePath)
    {
        db = RocksDb.Open(storePath, new RocksDbOptions { CreateIfMissing = false }, StoreLayout.LogFamily, StoreLayout.MetaFamily, StoreLayout.EngineFamily);
    }

    public RocksColumnFamily Log => db.ColumnFamily(StoreLayout.LogFamily);

    public RocksColumnFamily Meta => db.ColumnFamily(StoreLayout.MetaFamily);

    public RocksColumnFamily Engine => db.ColumnFamily(StoreLayout.EngineFamily);

    public byte[] Get(RocksColumnFamily cf, byte[] key) => db.Get(cf, key) ?? throw new KeyNotFoundException(Convert.ToHexString(key));

    public void Put(RocksColumnFamily cf, byte[] key, byte[] value)
    {
        using var batch = new RocksWriteBatch();
        db.Write(batch.Put(cf, key, value), sync: true);
    }

    public void Delete(RocksColumnFamily cf, byte[] key)
    {
        using var batch = new RocksWriteBatch();
        db.Write(batch.Delete(cf, key), sync: true);
    }

    /// <summary>Flips one bit of the stored record of <paramref name="slot"/> at <paramref name="offset"/> (from the end when negative).</summary>
    public void FlipRecordByte(ulong slot, int offset)
    {
        byte[] record = Get(Log, LogRecord.Key(slot));
        int at = offset < 0 ? record.Length + offset : offset;
        record[at] ^= 0x10;
        Put(Log, LogRecord.Key(slot), record);
    }

    public void Flush()
    {
        db.Flush(Log);
        db.Flush(Meta);
        db.Flush(Engine);
    }

    public void Dispose() => db.Dispose();
}
