using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Plover.Consensus.Storage;
using Plover.Engine.Epochs;
using Plover.Engine.Execution;
using Plover.Engine.Status;

namespace Plover.Engine.Hosting;

/// <summary>
/// The engine's keys in the store's <c>engine</c> column family: <c>meta/incarnation</c> (u32 BE,
/// raised at every start, so connection ids never repeat) and <c>epoch/</c> + u64 BE record number
/// (one epoch's statistics as JSON), of which the newest <see cref="EpochRecordsKept"/> are kept.
/// Epoch records are written with the next consensus persist step (or on their own when idle).
/// </summary>
public sealed class EngineStore : IEpochRecorder
{
    public const int EpochRecordsKept = 10_000;

    private static readonly byte[] IncarnationKey = Encoding.ASCII.GetBytes("meta/incarnation");
    private static readonly byte[] EpochPrefix = Encoding.ASCII.GetBytes("epoch/");

    private readonly ILogStore store;
    private Action<EngineWrite> write;
    private ulong nextRecord;

    public EngineStore(ILogStore store)
    {
        this.store = store;
        write = w => store.Persist(new PersistBatch(null, [], Sync: false, [w]));
        IReadOnlyList<KeyValuePair<byte[], byte[]>> existing = store.ReadEngineValues(EpochPrefix);
        nextRecord = existing.Count == 0 ? 1 : RecordNumberOf(existing[^1].Key) + 1;
    }

    /// <summary>From now on, writes go with the consensus loop's persist steps (one synced write covers many).</summary>
    public void WriteThrough(Action<EngineWrite> writer) => write = writer;

    /// <summary>Raises and returns the incarnation, synced before anything uses it.</summary>
    public uint NextIncarnation()
    {
        byte[]? stored = store.ReadEngineValue(IncarnationKey);
        if (stored is not null && stored.Length != 4)
            throw new LogCorruptionException("engine", null, $"meta/incarnation holds {stored.Length} bytes, not 4");
        uint next = (stored is null ? 0 : BinaryPrimitives.ReadUInt32BigEndian(stored)) + 1;
        byte[] value = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, next);
        store.Persist(new PersistBatch(null, [], Sync: true, [new EngineWrite(IncarnationKey, value)]));
        return next;
    }

    public void Record(EpochStatistics statistics)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) StatusJson.WriteEpoch(json, statistics);
        ulong record = nextRecord++;
        write(new EngineWrite(RecordKey(record), buffer.ToArray()));
        if (record > EpochRecordsKept) write(new EngineWrite(RecordKey(record - EpochRecordsKept), null));
    }

    /// <summary>The epoch statistics kept, oldest first, as JSON documents.</summary>
    public IReadOnlyList<string> ReadEpochRecords() =>
        store.ReadEngineValues(EpochPrefix).Select(kv => Encoding.UTF8.GetString(kv.Value)).ToArray();

    private static byte[] RecordKey(ulong record)
    {
        byte[] key = new byte[EpochPrefix.Length + 8];
        EpochPrefix.CopyTo(key, 0);
        BinaryPrimitives.WriteUInt64BigEndian(key.AsSpan(EpochPrefix.Length), record);
        return key;
    }

    private static ulong RecordNumberOf(byte[] key)
    {
        if (key.Length != EpochPrefix.Length + 8) throw new LogCorruptionException("engine", null, $"epoch record key of {key.Length} bytes");
        return BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(EpochPrefix.Length));
    }
}
