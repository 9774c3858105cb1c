using Plover.Engine.Log;

namespace Plover.Cli.Log;

/// <summary>
/// Turns the log into <see cref="EntryView"/>s in slot order, numbering epochs as the engine does:
/// the n-th EpochEnd or Takeover ends epoch n, and the entries before it (after the previous
/// boundary) belong to epoch n. Numbering needs the log from slot 1; once a record cannot be read
/// (it might have held a boundary), later epochs are unknown too.
/// </summary>
public static class EntryWalker
{
    public static IEnumerable<EntryView> Walk(ReadOnlyStore store, StoreMetadata metadata, ulong lastSlot = ulong.MaxValue)
    {
        ulong? epoch = metadata.FirstSlot == 1 ? 1 : null;
        using var cursor = new LogCursor(store, metadata.FirstSlot);
        while (cursor.Next() is { } scanned)
        {
            if (scanned.Slot is { } s && s > lastSlot) yield break;
            if (scanned.Record is not { } record)
            {
                yield return Unreadable(scanned, metadata, epoch, proposal: 0, scanned.Problem!);
                epoch = null;
                continue;
            }
            bool committed = record.Slot <= metadata.CommitSlot;
            if (record.IsNoOp)
            {
                yield return new EntryView(record.Slot, record.Ballot, committed, 0, 0, epoch, null, null, EntryKinds.NoOp, null, null, default, null);
                continue;
            }
            foreach (DecodedBatch decoded in record.Batches)
            {
                if (decoded.Batch is not { } batch)
                {
                    yield return Unreadable(scanned, metadata, epoch, decoded.Index, decoded.Problem!);
                    epoch = null;
                    continue;
                }
                if (batch.Entries.Count == 0)
                    yield return new EntryView(record.Slot, record.Ballot, committed, decoded.Index, 0, epoch,
                        batch.LeaderTimestampNs, batch.RandomSeed, EntryKinds.EmptyBatch, null, null, default, null);
                for (int i = 0; i < batch.Entries.Count; i++)
                {
                    LogEntry entry = batch.Entries[i];
                    yield return View(record, committed, decoded.Index, i, epoch, batch, entry);
                    if (entry is EpochEndEntry or TakeoverEntry && epoch is { } e) epoch = e + 1;
                }
            }
        }
    }

    private static EntryView View(SlotRecord record, bool committed, int proposal, int position, ulong? epoch, LogBatch batch, LogEntry entry)
    {
        ReadOnlyMemory<byte> none = ReadOnlyMemory<byte>.Empty;
        (string kind, ulong? connection, ulong? argument, ReadOnlyMemory<byte> bytes) = entry switch
        {
            ConnectEntry c => (EntryKinds.Connect, (ulong?)c.Connection, (ulong?)null, none),
            DataEntry d => (EntryKinds.Data, d.Connection, null, d.Bytes),
            CloseEntry c => (EntryKinds.Close, c.Connection, null, none),
            EpochEndEntry e => (EntryKinds.EpochEnd, null, e.Epoch, none),
            TakeoverEntry t => (EntryKinds.Takeover, null, t.Ballot, none),
            _ => throw new InvalidOperationException($"log entry type {entry.GetType().Name} is unknown to the inspector"),
        };
        return new EntryView(record.Slot, record.Ballot, committed, proposal, position, epoch,
            batch.LeaderTimestampNs, batch.RandomSeed, kind, connection, argument, bytes, null);
    }

    private static EntryView Unreadable(ScannedSlot scanned, StoreMetadata metadata, ulong? epoch, int proposal, string problem) =>
        new(scanned.Slot ?? 0, scanned.Record?.Ballot ?? default, scanned.Slot <= metadata.CommitSlot, proposal, 0, epoch,
            null, null, EntryKinds.Unreadable, null, null, default, problem);
}
