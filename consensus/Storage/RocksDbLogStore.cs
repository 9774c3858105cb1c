using System.Buffers.Binary;
using System.Text;
using Plover.Consensus.Storage.RocksDb;

namespace Plover.Consensus.Storage;

/// <summary>
/// The log store on RocksDB: entries in CF `log` under big-endian slot keys with a CRC checked on
/// every read; promise, first slot, commit slot, identity and format version in CF `meta`; the
/// engine's keys in CF `engine`. Each persist step is one WriteBatch across the families (they share
/// the WAL, so it is atomic), synced when the Ready requires it; truncation is a delete-range in the
/// same batch. The WAL recovers with TolerateCorruptedTailRecords: a torn tail holds only writes no
/// one was told about, and any other damage fails the open.
/// </summary>
public sealed class RocksDbLogStore : ILogStore
{
    // Range deletes pile up tombstones; compact the dropped range away every so many truncations.
    private const int TruncationsPerCompaction = 16;

    private readonly Storage.RocksDb.RocksDb _db;
    private readonly RocksColumnFamily _log;
    private readonly RocksColumnFamily _meta;
    private readonly RocksColumnFamily _engine;
    private ulong _firstSlot;
    private int _truncationsSinceCompaction;

    private RocksDbLogStore(Storage.RocksDb.RocksDb db, StoreIdentity identity)
    {
        _db = db;
        Identity = identity;
        _log = db.ColumnFamily(StoreLayout.LogFamily);
        _meta = db.ColumnFamily(StoreLayout.MetaFamily);
        _engine = db.ColumnFamily(StoreLayout.EngineFamily);
    }

    public StoreIdentity Identity { get; }

    public string Path => _db.Path;

    /// <summary>
    /// Opens the store at <paramref name="path"/>, creating it for <paramref name="identity"/> if it
    /// does not exist. An existing store must carry the same identity
    /// (<see cref="StoreIdentityMismatchException"/>) and a known format version
    /// (<see cref="StoreFormatException"/>).
    /// </summary>
    public static RocksDbLogStore Open(string path, StoreIdentity identity, RocksDbOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ValidateIdentity(identity);
        var db = Storage.RocksDb.RocksDb.Open(path, options ?? new RocksDbOptions(), StoreLayout.LogFamily, StoreLayout.MetaFamily, StoreLayout.EngineFamily);
        try
        {
            var store = new RocksDbLogStore(db, identity);
            store.InitializeOrVerify();
            return store;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates a fresh store for a node whose store was lost or found corrupt (move the old one
    /// aside first: this refuses to touch an existing store). The node starts rebuilding: it does
    /// not vote until a leader has caught it up and promoted it.
    /// </summary>
    public static RocksDbLogStore CreateForRebuild(string path, StoreIdentity identity, RocksDbOptions? options = null)
    {
        if (File.Exists(System.IO.Path.Combine(path, "CURRENT")))
            throw new InvalidOperationException($"a log store already exists at {path}; move it aside before rebuilding");
        RocksDbLogStore store = Open(path, identity, options);
        store.Persist(new PersistBatch(new HardState(Ballot.Zero, 0, 1, Rebuilding: true), [], Sync: true, []));
        return store;
    }

    private static void ValidateIdentity(StoreIdentity identity)
    {
        if (string.IsNullOrEmpty(identity.ClusterId) || Encoding.UTF8.GetByteCount(identity.ClusterId) > StoreLayout.ClusterIdBytesMax)
            throw new ArgumentException($"cluster id must be 1..{StoreLayout.ClusterIdBytesMax} bytes of UTF-8", nameof(identity));
        if (identity.NodeId is < 1 or > Ballot.NodeMax)
            throw new ArgumentException($"node id {identity.NodeId} is outside 1..{Ballot.NodeMax}", nameof(identity));
    }

    private void InitializeOrVerify()
    {
        byte[]? version = _db.Get(_meta, StoreLayout.FormatVersionKey);
        if (version is null)
        {
            Initialize();
            return;
        }
        uint found = ReadUInt32(version, "format_version");
        if (found > StoreLayout.FormatVersion) throw new StoreFormatException(Path, found, StoreLayout.FormatVersion);
        if (found < 1) throw new LogCorruptionException(Path, null, $"format version {found} is invalid");
        var stored = new StoreIdentity(
            Encoding.UTF8.GetString(RequireMeta(StoreLayout.ClusterIdKey, "cluster_id")),
            (int)ReadUInt32(RequireMeta(StoreLayout.NodeIdKey, "node_id"), "node_id"));
        if (stored != Identity) throw new StoreIdentityMismatchException(Path, Identity, stored);
        _firstSlot = ReadUInt64(RequireMeta(StoreLayout.FirstSlotKey, "first_slot"), "first_slot");
    }

    private void Initialize()
    {
        using (RocksIterator it = _db.NewIterator(_log))
        {
            it.SeekToFirst();
            if (it.Valid) throw new LogCorruptionException(Path, null, "log entries exist but the metadata (format version, identity) is missing");
        }
        using var batch = new RocksWriteBatch();
        batch.Put(_meta, StoreLayout.FormatVersionKey, BigEndian32(StoreLayout.FormatVersion))
             .Put(_meta, StoreLayout.ClusterIdKey, Encoding.UTF8.GetBytes(Identity.ClusterId))
             .Put(_meta, StoreLayout.NodeIdKey, BigEndian32((uint)Identity.NodeId));
        PutHardState(batch, new HardState(Ballot.Zero, 0, 1));
        _db.Write(batch, sync: true);
        _firstSlot = 1;
    }

    public DurableState Load()
    {
        Ballot promised = Ballot.FromUInt64(ReadUInt64(RequireMeta(StoreLayout.PromisedKey, "promised_ballot"), "promised_ballot"));
        ulong first = ReadUInt64(RequireMeta(StoreLayout.FirstSlotKey, "first_slot"), "first_slot");
        ulong commit = ReadUInt64(RequireMeta(StoreLayout.CommitSlotKey, "commit_slot"), "commit_slot");
        if (first < 1 || commit + 1 < first) throw new LogCorruptionException(Path, null, $"first slot {first} and commit slot {commit} are inconsistent");
        List<LogEntry> entries = ReadFrom(first, ulong.MaxValue);
        ulong expected = first;
        foreach (LogEntry entry in entries)
        {
            if (entry.Slot <= commit && entry.Slot != expected) throw new LogCorruptionException(Path, expected, $"committed slot is missing (commit slot {commit})");
            if (entry.Ballot > promised) throw new LogCorruptionException(Path, entry.Slot, $"accepted in {entry.Ballot}, above the promised {promised}");
            expected = entry.Slot + 1;
        }
        if (commit >= expected) throw new LogCorruptionException(Path, expected, $"committed slot is missing (commit slot {commit})");
        return new DurableState(promised, first, commit, entries) { Rebuilding = ReadRebuilding() };
    }

    public void Persist(PersistBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty) return;
        using var write = new RocksWriteBatch();
        ulong newFirst = _firstSlot;
        if (batch.HardState is { } hard)
        {
            PutHardState(write, hard);
            if (hard.FirstSlot > _firstSlot)
            {
                write.DeleteRange(_log, LogRecord.Key(_firstSlot), LogRecord.Key(hard.FirstSlot));
                newFirst = hard.FirstSlot;
            }
        }
        foreach (LogEntry entry in batch.Entries)
        {
            Invariant.Check(entry.Slot >= newFirst, "an entry below the first slot is never written");
            write.Put(_log, LogRecord.Key(entry.Slot), LogRecord.Encode(entry));
        }
        foreach (EngineWrite engineWrite in batch.EngineWrites)
        {
            if (engineWrite.Value is { } value) write.Put(_engine, engineWrite.Key, value);
            else write.Delete(_engine, engineWrite.Key);
        }
        _db.Write(write, batch.Sync);
        if (newFirst > _firstSlot) AfterTruncation(newFirst);
    }

    private void AfterTruncation(ulong newFirst)
    {
        _firstSlot = newFirst;
        if (++_truncationsSinceCompaction < TruncationsPerCompaction) return;
        _truncationsSinceCompaction = 0;
        _db.CompactRange(_log, LogRecord.Key(0), LogRecord.Key(newFirst));
    }

    public IReadOnlyList<LogEntry> ReadEntries(ulong fromSlot, ulong toSlot) =>
        toSlot < fromSlot ? [] : ReadFrom(Math.Max(fromSlot, _firstSlot), toSlot);

    private List<LogEntry> ReadFrom(ulong fromSlot, ulong toSlot)
    {
        var entries = new List<LogEntry>();
        using RocksIterator it = _db.NewIterator(_log);
        for (it.Seek(LogRecord.Key(fromSlot)); it.Valid; it.Next())
        {
            ulong slot = LogRecord.SlotOf(it.Key, Path);
            if (slot > toSlot) break;
            entries.Add(LogRecord.Decode(slot, it.Value, Path));
        }
        return entries;
    }

    public byte[]? ReadEngineValue(ReadOnlySpan<byte> key) => _db.Get(_engine, key);

    public IReadOnlyList<KeyValuePair<byte[], byte[]>> ReadEngineValues(ReadOnlySpan<byte> prefix)
    {
        var values = new List<KeyValuePair<byte[], byte[]>>();
        using RocksIterator it = _db.NewIterator(_engine);
        for (it.Seek(prefix); it.Valid && it.Key.StartsWith(prefix); it.Next())
            values.Add(new KeyValuePair<byte[], byte[]>(it.Key.ToArray(), it.Value.ToArray()));
        return values;
    }

    private void PutHardState(RocksWriteBatch batch, HardState hard)
    {
        batch.Put(_meta, StoreLayout.PromisedKey, BigEndian64(hard.Promised.ToUInt64()))
             .Put(_meta, StoreLayout.FirstSlotKey, BigEndian64(hard.FirstSlot))
             .Put(_meta, StoreLayout.CommitSlotKey, BigEndian64(hard.CommitSlot))
             .Put(_meta, StoreLayout.RebuildingKey, [hard.Rebuilding ? (byte)1 : (byte)0]);
    }

    private bool ReadRebuilding() => _db.Get(_meta, StoreLayout.RebuildingKey) switch
    {
        null or [0] => false,
        [1] => true,
        { } other => throw new LogCorruptionException(Path, null, $"metadata 'rebuilding' holds {Convert.ToHexString(other)}, expected 00 or 01"),
    };

    private byte[] RequireMeta(byte[] key, string name) =>
        _db.Get(_meta, key) ?? throw new LogCorruptionException(Path, null, $"metadata key '{name}' is missing");

    private uint ReadUInt32(byte[] value, string name) => value.Length == 4
        ? BinaryPrimitives.ReadUInt32BigEndian(value)
        : throw new LogCorruptionException(Path, null, $"metadata '{name}' has {value.Length} bytes, expected 4");

    private ulong ReadUInt64(byte[] value, string name) => value.Length == 8
        ? BinaryPrimitives.ReadUInt64BigEndian(value)
        : throw new LogCorruptionException(Path, null, $"metadata '{name}' has {value.Length} bytes, expected 8");

    private static byte[] BigEndian32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    public void Dispose() => _db.Dispose();
}
