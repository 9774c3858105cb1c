using System.Runtime.InteropServices;

namespace Plover.Consensus.Storage.RocksDb;

/// <summary>An owned RocksDB C object, freed by the destroy function of its kind.</summary>
internal abstract class RocksHandle : SafeHandle
{
    protected RocksHandle(nint handle) : base(0, ownsHandle: true)
    {
        if (handle == 0) throw new RocksDbException("allocate", $"{GetType().Name}: RocksDB returned NULL");
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;
}

internal sealed class OptionsHandle() : RocksHandle(RocksDbNative.rocksdb_options_create())
{
    protected override bool ReleaseHandle() { RocksDbNative.rocksdb_options_destroy(handle); return true; }
}

internal sealed class WriteOptionsHandle() : RocksHandle(RocksDbNative.rocksdb_writeoptions_create())
{
    protected override bool ReleaseHandle() { RocksDbNative.rocksdb_writeoptions_destroy(handle); return true; }
}

internal sealed class ReadOptionsHandle() : RocksHandle(RocksDbNative.rocksdb_readoptions_create())
{
    protected override bool ReleaseHandle() { RocksDbNative.rocksdb_readoptions_destroy(handle); return true; }
}

internal sealed class FlushOptionsHandle() : RocksHandle(RocksDbNative.rocksdb_flushoptions_create())
{
    protected override bool ReleaseHandle() { RocksDbNative.rocksdb_flushoptions_destroy(handle); return true; }
}

internal sealed class WriteBatchHandle() : RocksHandle(RocksDbNative.rocksdb_writebatch_create())
{
    protected override bool ReleaseHandle() { RocksDbNative.rocksdb_writebatch_destroy(handle); return true; }
}

/// <summary>The open database; closed only when every dependent handle has let go of it.</summary>
internal sealed class DatabaseHandle(nint db) : RocksHandle(db)
{
    protected override bool ReleaseHandle() { RocksDbNative.rocksdb_close(handle); return true; }
}

/// <summary>
/// A handle that must be destroyed before the database closes (column families, iterators): it
/// holds a reference on the database handle for its whole life.
/// </summary>
internal abstract class DatabaseChildHandle : RocksHandle
{
    private readonly DatabaseHandle _db;

    protected DatabaseChildHandle(DatabaseHandle db, nint handle) : base(handle)
    {
        bool added = false;
        db.DangerousAddRef(ref added);
        _db = db;
    }

    protected abstract void Destroy(nint child);

    protected sealed override bool ReleaseHandle()
    {
        Destroy(handle);
        _db.DangerousRelease();
        return true;
    }
}

internal sealed class ColumnFamilyHandle(DatabaseHandle db, nint cf) : DatabaseChildHandle(db, cf)
{
    protected override void Destroy(nint child) => RocksDbNative.rocksdb_column_family_handle_destroy(child);
}

internal sealed class IteratorHandle(DatabaseHandle db, nint iterator) : DatabaseChildHandle(db, iterator)
{
    protected override void Destroy(nint child) => RocksDbNative.rocksdb_iter_destroy(child);
}
