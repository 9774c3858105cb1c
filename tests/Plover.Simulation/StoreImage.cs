using Plover.Consensus;
using Plover.Consensus.Storage;

namespace Plover.Simulation;

/// <summary>The contents of a log store at one moment: hard state, entries and engine keys.</summary>
internal sealed class StoreImage
{
    public Ballot Promised { get; private set; }
    public ulong FirstSlot { get; private set; } = 1;
    public ulong CommitSlot { get; private set; }
    public bool Rebuilding { get; private set; }
    public SortedDictionary<ulong, LogEntry> Entries { get; } = [];
    public SortedDictionary<byte[], byte[]> Engine { get; } = new(ByteOrder.Instance);

    public StoreImage Clone()
    {
        var copy = new StoreImage { Promised = Promised, FirstSlot = FirstSlot, CommitSlot = CommitSlot, Rebuilding = Rebuilding };
        foreach ((ulong slot, LogEntry entry) in Entries) copy.Entries.Add(slot, entry);
        foreach ((byte[] key, byte[] value) in Engine) copy.Engine.Add(key, value);
        return copy;
    }

    /// <summary>Applies one batch the way RocksDB applies one WriteBatch: all of it.</summary>
    public void Apply(PersistBatch batch)
    {
        if (batch.HardState is { } hard)
        {
            Promised = hard.Promised;
            CommitSlot = hard.CommitSlot;
            Rebuilding = hard.Rebuilding;
            if (hard.FirstSlot > FirstSlot)
            {
                foreach (ulong slot in Entries.Keys.TakeWhile(s => s < hard.FirstSlot).ToList()) Entries.Remove(slot);
                FirstSlot = hard.FirstSlot;
            }
        }
        foreach (LogEntry entry in batch.Entries) Entries[entry.Slot] = entry;
        foreach (EngineWrite write in batch.EngineWrites)
        {
            if (write.Value is { } value) Engine[write.Key] = value;
            else Engine.Remove(write.Key);
        }
    }

    /// <summary>Lexicographic byte order, as RocksDB's default comparator.</summary>
    internal sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
