using Plover.Consensus.Storage;
using Plover.Consensus.Storage.RocksDb;
using Plover.Engine.Log;

namespace Plover.Cli.Log;

/// <summary>
/// Checks a whole store: every record's key, CRC and value (every proposal must decode as a log
/// batch), that slots only rise, that none lies below the first slot or was accepted above the
/// promised ballot, that no committed slot is missing, that no connection is opened twice, and
/// that the engine's keys parse. When RocksDB itself cannot read part of the log (a damaged table
/// block), the slots up to the commit slot are probed one by one to name the unreadable ones.
/// </summary>
public sealed class LogVerifier
{
    /// <summary>Most slots probed one by one after RocksDB fails to iterate (bounds the work on a badly damaged store).</summary>
    public const ulong ProbeSlotsMax = 1_000_000;

    private readonly ReadOnlyStore store;
    private readonly VerifyReport report;
    private readonly HashSet<ulong> opened = [];
    private ulong? previous;

    private LogVerifier(ReadOnlyStore store, StoreMetadata metadata)
    {
        this.store = store;
        report = new VerifyReport(store.Path, metadata);
    }

    private StoreMetadata Metadata => report.Metadata;

    public static VerifyReport Verify(ReadOnlyStore store)
    {
        var verifier = new LogVerifier(store, StoreMetadata.Read(store));
        verifier.CheckLog();
        verifier.CheckEngineKeys();
        return verifier.report;
    }

    private void CheckLog()
    {
        using var cursor = new LogCursor(store, 0);
        while (cursor.Next() is { } scanned)
        {
            if (scanned.Record is { } record)
            {
                CheckRecord(record);
                continue;
            }
            report.Add(scanned.Slot, scanned.Problem!);
            if (scanned.Problem!.StartsWith("RocksDB", StringComparison.Ordinal))
            {
                ProbeFrom(scanned.Slot ?? Metadata.FirstSlot);
                return;
            }
            if (scanned.Slot is { } slot) Advance(slot);
        }
        ReportGap(NextExpected, Metadata.CommitSlot);
    }

    private void CheckRecord(SlotRecord record)
    {
        report.RecordsChecked++;
        Advance(record.Slot);
        if (record.Slot < Metadata.FirstSlot)
            report.Add(record.Slot, $"lies below the first slot {Metadata.FirstSlot}: truncation should have removed it");
        if (record.Ballot > Metadata.Promised)
            report.Add(record.Slot, $"accepted in ballot {record.Ballot}, above the promised {Metadata.Promised}");
        foreach (DecodedBatch decoded in record.Batches)
        {
            if (decoded.Problem is { } problem) report.Add(record.Slot, problem);
            else CheckEntries(record.Slot, decoded.Batch!);
        }
    }

    private void Advance(ulong slot)
    {
        if (previous is { } p && slot <= p)
        {
            report.Add(slot, $"comes after slot {p}: slots must rise");
            return;
        }
        if (slot > NextExpected) ReportGap(NextExpected, slot - 1);
        previous = slot;
        report.LastSlot = slot;
    }

    private ulong NextExpected => previous is { } p ? Math.Max(p + 1, Metadata.FirstSlot) : Metadata.FirstSlot;

    private void ReportGap(ulong from, ulong to)
    {
        to = Math.Min(to, Metadata.CommitSlot);
        if (from <= to) report.Add(from, $"committed slot{(from == to ? $" {from} is" : $"s {from}..{to} are")} missing (commit slot {Metadata.CommitSlot})");
    }

    private void CheckEntries(ulong slot, LogBatch batch)
    {
        foreach (LogEntry entry in batch.Entries)
        {
            report.EntriesChecked++;
            if (entry is ConnectEntry c && !opened.Add(c.Connection))
                report.Add(slot, $"connection {ConnectionIdText.Format(c.Connection)} is opened a second time");
        }
    }

    /// <summary>After an iterator failure: reads each slot on its own to tell the unreadable ones from the rest.</summary>
    private void ProbeFrom(ulong from)
    {
        ulong to = Math.Min(Metadata.CommitSlot, from + ProbeSlotsMax - 1);
        for (ulong slot = Math.Max(from, Metadata.FirstSlot); slot <= to; slot++)
        {
            byte[]? value;
            try
            {
                value = store.Db.Get(store.Log, LogRecord.Key(slot));
            }
            catch (RocksDbException e)
            {
                report.Add(slot, $"RocksDB cannot read it: {e.RocksMessage}");
                continue;
            }
            if (value is null) ReportGap(slot, slot);
            else CheckProbed(slot, value);
        }
    }

    private void CheckProbed(ulong slot, byte[] value)
    {
        try
        {
            Plover.Consensus.LogEntry entry = LogRecord.Decode(slot, value, store.Path);
            report.RecordsChecked++;
            report.LastSlot = slot;
            foreach (byte[] payload in entry.Value.Payloads) CheckPayload(slot, payload);
        }
        catch (LogCorruptionException e)
        {
            report.Add(slot, e.Problem);
        }
    }

    private void CheckPayload(ulong slot, byte[] payload)
    {
        try
        {
            CheckEntries(slot, LogBatchCodec.Decode(payload));
        }
        catch (LogFormatException e)
        {
            report.Add(slot, $"a proposal does not decode: {e.Message}");
        }
    }

    private void CheckEngineKeys()
    {
        byte[]? incarnation = store.Db.Get(store.Engine, StoreMetadata.IncarnationKey);
        if (incarnation is not null && incarnation.Length != 4)
            report.Add(null, $"engine key meta/incarnation holds {incarnation.Length} bytes, not 4");
        foreach (KeyValuePair<byte[], byte[]> kv in store.EngineValues(EpochRecord.KeyPrefix))
        {
            try
            {
                EpochRecord.Parse(store, kv.Key, kv.Value);
                report.EpochRecordsChecked++;
            }
            catch (EpochRecordException e)
            {
                report.Add(null, e.Message);
            }
        }
    }
}
