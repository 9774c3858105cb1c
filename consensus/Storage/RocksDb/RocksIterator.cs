using System.Runtime.InteropServices;

namespace Plover.Consensus.Storage.RocksDb;

/// <summary>
/// A cursor over one column family, optionally bounded to [lower, upper). RocksDB keeps only a
/// pointer to the bound bytes (c.cc stores a Slice over caller memory), so the bounds live in
/// native memory owned by this iterator and freed after the iterator itself.
/// </summary>
public sealed unsafe class RocksIterator : IDisposable
{
    private readonly ReadOptionsHandle _readOptions;
    private readonly IteratorHandle _iterator;
    private byte* _lowerBound;
    private byte* _upperBound;
    private bool _disposed;

    internal RocksIterator(DatabaseHandle db, RocksColumnFamily cf, ReadOnlySpan<byte> lower, ReadOnlySpan<byte> upper, bool hasLower, bool hasUpper)
    {
        _readOptions = new ReadOptionsHandle();
        nint options = _readOptions.DangerousGetHandle();
        RocksDbNative.rocksdb_readoptions_set_verify_checksums(options, 1);
        if (hasLower)
        {
            _lowerBound = CopyToNative(lower);
            RocksDbNative.rocksdb_readoptions_set_iterate_lower_bound(options, _lowerBound, (nuint)lower.Length);
        }
        if (hasUpper)
        {
            _upperBound = CopyToNative(upper);
            RocksDbNative.rocksdb_readoptions_set_iterate_upper_bound(options, _upperBound, (nuint)upper.Length);
        }
        nint raw = RocksDbNative.rocksdb_create_iterator_cf(db.DangerousGetHandle(), options, cf.Handle.DangerousGetHandle());
        _iterator = new IteratorHandle(db, raw);
    }

    private nint Raw => _disposed ? throw new ObjectDisposedException(nameof(RocksIterator)) : _iterator.DangerousGetHandle();

    /// <summary>True while positioned on an entry; at the end, throws if the iterator stopped on an error.</summary>
    public bool Valid
    {
        get
        {
            if (RocksDbNative.rocksdb_iter_valid(Raw) != 0) return true;
            ThrowIfError();
            return false;
        }
    }

    public void SeekToFirst() => RocksDbNative.rocksdb_iter_seek_to_first(Raw);

    public void SeekToLast() => RocksDbNative.rocksdb_iter_seek_to_last(Raw);

    public void Seek(ReadOnlySpan<byte> key)
    {
        fixed (byte* k = key) RocksDbNative.rocksdb_iter_seek(Raw, k, (nuint)key.Length);
    }

    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        fixed (byte* k = key) RocksDbNative.rocksdb_iter_seek_for_prev(Raw, k, (nuint)key.Length);
    }

    public void Next() => RocksDbNative.rocksdb_iter_next(Raw);

    public void Prev() => RocksDbNative.rocksdb_iter_prev(Raw);

    /// <summary>The current key; the span dies on the next move of the iterator.</summary>
    public ReadOnlySpan<byte> Key
    {
        get
        {
            nuint length;
            byte* key = RocksDbNative.rocksdb_iter_key(Raw, &length);
            return new ReadOnlySpan<byte>(key, checked((int)length));
        }
    }

    /// <summary>The current value; the span dies on the next move of the iterator.</summary>
    public ReadOnlySpan<byte> Value
    {
        get
        {
            nuint length;
            byte* value = RocksDbNative.rocksdb_iter_value(Raw, &length);
            return new ReadOnlySpan<byte>(value, checked((int)length));
        }
    }

    private void ThrowIfError()
    {
        nint error = 0;
        RocksDbNative.rocksdb_iter_get_error(Raw, &error);
        RocksDbException.ThrowIfSet(error, "iterate");
    }

    private static byte* CopyToNative(ReadOnlySpan<byte> bytes)
    {
        byte* copy = (byte*)NativeMemory.Alloc((nuint)Math.Max(bytes.Length, 1));
        bytes.CopyTo(new Span<byte>(copy, bytes.Length));
        return copy;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _iterator.Dispose();
        _readOptions.Dispose();
        NativeMemory.Free(_lowerBound);
        NativeMemory.Free(_upperBound);
        _lowerBound = null;
        _upperBound = null;
    }
}
