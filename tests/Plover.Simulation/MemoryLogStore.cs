using Plover.Consensus;
using Plover.Consensus.Storage;

namespace Plover.Simulation;

/// <summary>
/// An in-memory <see cref="ILogStore"/> that models a disk with a volatile cache: a write is visible
/// at once but durable only after a sync; a crash keeps the durable image plus a random prefix of
/// the unsynced writes (each write atomic, as a RocksDB WriteBatch through its WAL) and loses the
/// rest. The simulator splits a persist into <see cref="Write"/> and <see cref="Sync"/> so that a
/// crash can land between them.
/// </summary>
public sealed class MemoryLogStore : ILogStore
{
    private readonly List<PersistBatch> _unsynced = [];
    private StoreImage _durable = new();
    private StoreImage _visible = new();

    public MemoryLogStore(StoreIdentity identity) => Identity = identity;

    public StoreIdentity Identity { get; }

    /// <summary>Writes not yet synced.</summary>
    public int UnsyncedWrites => _unsynced.Count;

    internal StoreImage Durable => _durable;

    public DurableState Load()
    {
        StoreImage image = _visible;
        ulong expected = image.FirstSlot;
        foreach (LogEntry entry in image.Entries.Values)
        {
            if (entry.Slot <= image.CommitSlot && entry.Slot != expected)
                throw new LogCorruptionException("memory", expected, $"committed slot is missing (commit slot {image.CommitSlot})");
            expected = entry.Slot + 1;
        }
        if (image.CommitSlot >= expected) throw new LogCorruptionException("memory", expected, "committed slot is missing");
        return new DurableState(image.Promised, image.FirstSlot, image.CommitSlot, image.Entries.Values.ToList()) { Rebuilding = image.Rebuilding };
    }

    /// <summary>Writes and, when the batch asks for it, syncs at once.</summary>
    public void Persist(PersistBatch batch)
    {
        Write(batch);
        if (batch.Sync) Sync();
    }

    /// <summary>Makes <paramref name="batch"/> visible; it becomes durable at the next <see cref="Sync"/>.</summary>
    public void Write(PersistBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty) return;
        _visible.Apply(batch);
        _unsynced.Add(batch);
    }

    /// <summary>Makes every write so far durable; returns the writes that just became durable.</summary>
    public IReadOnlyList<PersistBatch> Sync()
    {
        var synced = _unsynced.ToList();
        foreach (PersistBatch batch in synced) _durable.Apply(batch);
        _unsynced.Clear();
        return synced;
    }

    /// <summary>
    /// Power loss: a random prefix of the unsynced writes reaches the disk, the rest is lost.
    /// Returns the writes that survived.
    /// </summary>
    public IReadOnlyList<PersistBatch> Crash(DeterministicRandom random)
    {
        int survivors = (int)random.NextInRange(0, _unsynced.Count);
        var kept = _unsynced.Take(survivors).ToList();
        foreach (PersistBatch batch in kept) _durable.Apply(batch);
        _unsynced.Clear();
        _visible = _durable.Clone();
        return kept;
    }

    /// <summary>
    /// The disk is gone (or was found corrupt and moved aside): the store starts over empty, marked
    /// as rebuilding, as <see cref="Plover.Consensus.Storage.RocksDbLogStore.CreateForRebuild"/> makes it.
    /// </summary>
    public void LoseDisk()
    {
        _unsynced.Clear();
        _durable = new StoreImage();
        _durable.Apply(new PersistBatch(new HardState(Ballot.Zero, 0, 1, Rebuilding: true), [], Sync: true, []));
        _visible = _durable.Clone();
    }

    public IReadOnlyList<LogEntry> ReadEntries(ulong fromSlot, ulong toSlot) =>
        _visible.Entries.Where(e => e.Key >= fromSlot && e.Key <= toSlot).Select(e => e.Value).ToList();

    public byte[]? ReadEngineValue(ReadOnlySpan<byte> key) => _visible.Engine.GetValueOrDefault(key.ToArray());

    public IReadOnlyList<KeyValuePair<byte[], byte[]>> ReadEngineValues(ReadOnlySpan<byte> prefix)
    {
        byte[] start = prefix.ToArray();
        return _visible.Engine.Where(e => e.Key.AsSpan().StartsWith(start)).ToList();
    }

    public void Dispose() { }
}
