namespace Plover.Consensus.Storage.RocksDb;

/// <summary>
/// Updates applied atomically by <see cref="RocksDb.Write"/>. Column families share one WAL, so a
/// batch spanning several of them is still all-or-nothing.
/// </summary>
public sealed unsafe class RocksWriteBatch : IDisposable
{
    private readonly WriteBatchHandle _handle = new();

    internal WriteBatchHandle Handle => _handle;

    public int Count => RocksDbNative.rocksdb_writebatch_count(_handle.DangerousGetHandle());

    public RocksWriteBatch Put(RocksColumnFamily cf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            RocksDbNative.rocksdb_writebatch_put_cf(
                _handle.DangerousGetHandle(), cf.Handle.DangerousGetHandle(), k, (nuint)key.Length, v, (nuint)value.Length);
        }
        return this;
    }

    public RocksWriteBatch Delete(RocksColumnFamily cf, ReadOnlySpan<byte> key)
    {
        fixed (byte* k = key)
        {
            RocksDbNative.rocksdb_writebatch_delete_cf(
                _handle.DangerousGetHandle(), cf.Handle.DangerousGetHandle(), k, (nuint)key.Length);
        }
        return this;
    }

    /// <summary>Deletes every key in the half-open range [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public RocksWriteBatch DeleteRange(RocksColumnFamily cf, ReadOnlySpan<byte> start, ReadOnlySpan<byte> end)
    {
        fixed (byte* s = start)
        fixed (byte* e = end)
        {
            RocksDbNative.rocksdb_writebatch_delete_range_cf(
                _handle.DangerousGetHandle(), cf.Handle.DangerousGetHandle(), s, (nuint)start.Length, e, (nuint)end.Length);
        }
        return this;
    }

    public void Clear() => RocksDbNative.rocksdb_writebatch_clear(_handle.DangerousGetHandle());

    public void Dispose() => _handle.Dispose();
}
