using System.Runtime.InteropServices;
using System.Text;

namespace Plover.Consensus.Storage.RocksDb;

/// <summary>
/// An open RocksDB database with its column families. Every failure surfaces as a
/// <see cref="RocksDbException"/> carrying RocksDB's message; nothing is retried or guessed.
/// </summary>
public sealed unsafe class RocksDb : IDisposable
{
    public const string DefaultColumnFamily = "default";

    private readonly DatabaseHandle _db;
    private readonly Dictionary<string, RocksColumnFamily> _families;
    private readonly WriteOptionsHandle _syncedWrites;
    private readonly WriteOptionsHandle _unsyncedWrites;
    private readonly ReadOptionsHandle _reads;
    private bool _disposed;

    private RocksDb(string path, bool readOnly, DatabaseHandle db, Dictionary<string, RocksColumnFamily> families)
    {
        Path = path;
        IsReadOnly = readOnly;
        _db = db;
        _families = families;
        _syncedWrites = NewWriteOptions(sync: true);
        _unsyncedWrites = NewWriteOptions(sync: false);
        _reads = new ReadOptionsHandle();
        RocksDbNative.rocksdb_readoptions_set_verify_checksums(_reads.DangerousGetHandle(), 1);
    }

    public string Path { get; }

    public bool IsReadOnly { get; }

    public IEnumerable<string> ColumnFamilyNames => _families.Keys;

    /// <summary>
    /// Opens (or, with <see cref="RocksDbOptions.CreateIfMissing"/>, creates) the database at
    /// <paramref name="path"/> with the named column families plus any it already has.
    /// </summary>
    public static RocksDb Open(string path, RocksDbOptions options, params string[] columnFamilies)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using OptionsHandle native = options.ToNative();
        bool exists = File.Exists(System.IO.Path.Combine(path, "CURRENT"));
        // RocksDB creates the directory before it notices the database is missing; refuse first.
        if (!exists && !options.CreateIfMissing)
            throw new RocksDbException($"open {path}", "no database here (no CURRENT file) and create-if-missing is off");
        var names = new List<string> { DefaultColumnFamily };
        names.AddRange(columnFamilies);
        if (exists) names.AddRange(ListColumnFamilies(native, path));
        names = names.Distinct(StringComparer.Ordinal).ToList();
        return OpenFamilies(path, native, names, readOnly: false);
    }

    /// <summary>
    /// Opens an existing database for reading only (inspection while a node may be running):
    /// every column family it has, no writes, no WAL replay side effects.
    /// </summary>
    public static RocksDb OpenReadOnly(string path, RocksDbOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options = (options ?? new RocksDbOptions()) with { CreateIfMissing = false };
        using OptionsHandle native = options.ToNative();
        List<string> names = ListColumnFamilies(native, path);
        return OpenFamilies(path, native, names, readOnly: true);
    }

    private static List<string> ListColumnFamilies(OptionsHandle options, string path)
    {
        byte[] name = NullTerminated(path);
        nuint count = 0;
        nint error = 0;
        byte** list;
        fixed (byte* n = name) list = RocksDbNative.rocksdb_list_column_families(options.DangerousGetHandle(), n, &count, &error);
        RocksDbException.ThrowIfSet(error, $"open {path}");
        var result = new List<string>((int)count);
        for (nuint i = 0; i < count; i++) result.Add(Marshal.PtrToStringUTF8((nint)list[i])!);
        RocksDbNative.rocksdb_list_column_families_destroy(list, count);
        return result;
    }

    private static RocksDb OpenFamilies(string path, OptionsHandle options, List<string> names, bool readOnly)
    {
        int count = names.Count;
        var nameBuffers = names.Select(n => GCHandle.Alloc(NullTerminated(n), GCHandleType.Pinned)).ToArray();
        try
        {
            byte** namePointers = stackalloc byte*[count];
            nint* optionPointers = stackalloc nint[count];
            nint* handles = stackalloc nint[count];
            for (int i = 0; i < count; i++)
            {
                namePointers[i] = (byte*)nameBuffers[i].AddrOfPinnedObject();
                optionPointers[i] = options.DangerousGetHandle();
                handles[i] = 0;
            }
            nint error = 0;
            nint db;
            fixed (byte* n = NullTerminated(path))
            {
                db = readOnly
                    ? RocksDbNative.rocksdb_open_for_read_only_column_families(
                        options.DangerousGetHandle(), n, count, namePointers, optionPointers, handles, 0, &error)
                    : RocksDbNative.rocksdb_open_column_families(
                        options.DangerousGetHandle(), n, count, namePointers, optionPointers, handles, &error);
            }
            RocksDbException.ThrowIfSet(error, $"open {path}");
            var dbHandle = new DatabaseHandle(db);
            var families = new Dictionary<string, RocksColumnFamily>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++) families[names[i]] = new RocksColumnFamily(names[i], new ColumnFamilyHandle(dbHandle, handles[i]));
            return new RocksDb(path, readOnly, dbHandle, families);
        }
        finally
        {
            foreach (GCHandle buffer in nameBuffers) buffer.Free();
        }
    }

    public RocksColumnFamily ColumnFamily(string name)
    {
        ThrowIfDisposed();
        return _families.TryGetValue(name, out RocksColumnFamily? cf)
            ? cf
            : throw new KeyNotFoundException($"{Path} has no column family '{name}'");
    }

    public bool HasColumnFamily(string name) => _families.ContainsKey(name);

    /// <summary>Reads one value, or null when the key is absent.</summary>
    public byte[]? Get(RocksColumnFamily cf, ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        nuint length = 0;
        nint error = 0;
        byte* value;
        fixed (byte* k = key)
        {
            value = RocksDbNative.rocksdb_get_cf(
                _db.DangerousGetHandle(), _reads.DangerousGetHandle(), cf.Handle.DangerousGetHandle(), k, (nuint)key.Length, &length, &error);
        }
        RocksDbException.ThrowIfSet(error, "get");
        if (value == null) return null;
        byte[] copy = new ReadOnlySpan<byte>(value, checked((int)length)).ToArray();
        RocksDbNative.rocksdb_free((nint)value);
        return copy;
    }

    /// <summary>
    /// Applies <paramref name="batch"/> atomically. With <paramref name="sync"/> the call returns
    /// only after the WAL is on stable storage (fdatasync); without it a crash may lose the batch.
    /// </summary>
    public void Write(RocksWriteBatch batch, bool sync)
    {
        ThrowIfDisposed();
        if (IsReadOnly) throw new InvalidOperationException($"{Path} is open read-only");
        nint error = 0;
        WriteOptionsHandle options = sync ? _syncedWrites : _unsyncedWrites;
        RocksDbNative.rocksdb_write(_db.DangerousGetHandle(), options.DangerousGetHandle(), batch.Handle.DangerousGetHandle(), &error);
        RocksDbException.ThrowIfSet(error, sync ? "synced write" : "write");
    }

    /// <summary>An iterator over <paramref name="cf"/>, unbounded.</summary>
    public RocksIterator NewIterator(RocksColumnFamily cf)
    {
        ThrowIfDisposed();
        return new RocksIterator(_db, cf, default, default, hasLower: false, hasUpper: false);
    }

    /// <summary>An iterator over keys in [<paramref name="lower"/>, <paramref name="upper"/>).</summary>
    public RocksIterator NewIterator(RocksColumnFamily cf, ReadOnlySpan<byte> lower, ReadOnlySpan<byte> upper)
    {
        ThrowIfDisposed();
        return new RocksIterator(_db, cf, lower, upper, hasLower: true, hasUpper: true);
    }

    /// <summary>Writes the memtable of <paramref name="cf"/> to a table file and waits for it.</summary>
    public void Flush(RocksColumnFamily cf)
    {
        ThrowIfDisposed();
        using var options = new FlushOptionsHandle();
        RocksDbNative.rocksdb_flushoptions_set_wait(options.DangerousGetHandle(), 1);
        nint error = 0;
        RocksDbNative.rocksdb_flush_cf(_db.DangerousGetHandle(), options.DangerousGetHandle(), cf.Handle.DangerousGetHandle(), &error);
        RocksDbException.ThrowIfSet(error, "flush");
    }

    /// <summary>Compacts [<paramref name="start"/>, <paramref name="limit"/>) so deleted ranges give their space back.</summary>
    public void CompactRange(RocksColumnFamily cf, ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit)
    {
        ThrowIfDisposed();
        fixed (byte* s = start)
        fixed (byte* l = limit)
        {
            RocksDbNative.rocksdb_compact_range_cf(
                _db.DangerousGetHandle(), cf.Handle.DangerousGetHandle(), s, (nuint)start.Length, l, (nuint)limit.Length);
        }
    }

    private static WriteOptionsHandle NewWriteOptions(bool sync)
    {
        var options = new WriteOptionsHandle();
        RocksDbNative.rocksdb_writeoptions_set_sync(options.DangerousGetHandle(), sync ? (byte)1 : (byte)0);
        return options;
    }

    private static byte[] NullTerminated(string text)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Closes the database once every open iterator has been disposed too.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (RocksColumnFamily cf in _families.Values) cf.Handle.Dispose();
        _syncedWrites.Dispose();
        _unsyncedWrites.Dispose();
        _reads.Dispose();
        _db.Dispose();
    }
}
