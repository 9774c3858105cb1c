using Plover.Consensus.Storage;
using Plover.Consensus.Storage.RocksDb;
using Plover.Engine.Log;

namespace Plover.Cli.Log;

/// <summary>
/// Walks the log column family in slot order from a starting slot, checking every record's CRC and
/// decoding its proposals as log batches. A bad record is reported and skipped; a RocksDB read
/// error (a damaged table block) is reported once and ends the walk, since the iterator cannot go on.
/// </summary>
public sealed class LogCursor : IDisposable
{
    private readonly ReadOnlyStore store;
    private readonly RocksIterator iterator;
    private ulong? lastSlot;
    private bool started;
    private bool failed;

    public LogCursor(ReadOnlyStore store, ulong fromSlot)
    {
        this.store = store;
        iterator = store.Db.NewIterator(store.Log);
        FromSlot = fromSlot;
    }

    public ulong FromSlot { get; }

    /// <summary>The next record or problem, or null at the end of the log.</summary>
    public ScannedSlot? Next()
    {
        if (failed) return null;
        try
        {
            if (!started)
            {
                started = true;
                iterator.Seek(LogRecord.Key(FromSlot));
            }
            else
            {
                iterator.Next();
            }
            return iterator.Valid ? ReadCurrent() : null;
        }
        catch (RocksDbException e)
        {
            failed = true;
            ulong next = lastSlot is { } s ? s + 1 : FromSlot;
            return new ScannedSlot(next, null, $"RocksDB cannot read the log at or after slot {next}: {e.RocksMessage}");
        }
    }

    private ScannedSlot ReadCurrent()
    {
        ulong slot;
        try
        {
            slot = LogRecord.SlotOf(iterator.Key, store.Path);
        }
        catch (LogCorruptionException e)
        {
            return new ScannedSlot(null, null, e.Problem);
        }
        lastSlot = slot;
        ReadOnlySpan<byte> value = iterator.Value;
        try
        {
            Plover.Consensus.LogEntry entry = LogRecord.Decode(slot, value, store.Path);
            return new ScannedSlot(slot, Decode(entry, value.Length), null);
        }
        catch (LogCorruptionException e)
        {
            return new ScannedSlot(slot, null, e.Problem);
        }
    }

    private static SlotRecord Decode(Plover.Consensus.LogEntry entry, int recordBytes)
    {
        var batches = new List<DecodedBatch>(entry.Value.Payloads.Count);
        for (int i = 0; i < entry.Value.Payloads.Count; i++) batches.Add(DecodeBatch(i, entry.Value.Payloads[i]));
        return new SlotRecord(entry.Slot, entry.Ballot, entry.Value.IsNoOp, batches, recordBytes);
    }

    private static DecodedBatch DecodeBatch(int index, byte[] payload)
    {
        if (payload.Length > 0 && payload[0] > LogBatchCodec.FormatVersion)
            return new DecodedBatch(index, payload.Length, null,
                $"proposal {index} is a log batch of format version {payload[0]}, newer than this build's {LogBatchCodec.FormatVersion}");
        try
        {
            return new DecodedBatch(index, payload.Length, LogBatchCodec.Decode(payload), null);
        }
        catch (LogFormatException e)
        {
            return new DecodedBatch(index, payload.Length, null, $"proposal {index} does not decode: {e.Message}");
        }
    }

    public void Dispose() => iterator.Dispose();
}
