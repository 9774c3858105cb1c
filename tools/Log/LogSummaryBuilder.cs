using System.Text;
using Plover.Consensus;

namespace Plover.Cli.Log;

/// <summary>Builds a <see cref="LogSummary"/> in one pass over the log and one over the engine's keys.</summary>
public sealed class LogSummaryBuilder
{
    private readonly Dictionary<string, ulong> byKind = new(StringComparer.Ordinal);
    private readonly HashSet<ulong> connections = [];
    private readonly HashSet<ulong> slotsSeen = [];
    private ulong slotsHeld, noOps, proposals, unreadable, dataBytes, epochEnds, takeovers;
    private ulong? lastSlot, lastCommittedEpoch;
    private long? firstTimestamp, lastTimestamp;
    private Ballot highest;

    public static LogSummary Build(ReadOnlyStore store)
    {
        StoreMetadata metadata = StoreMetadata.Read(store);
        var builder = new LogSummaryBuilder();
        foreach (EntryView view in EntryWalker.Walk(store, metadata)) builder.Add(view, metadata);
        return builder.Finish(store, metadata);
    }

    private void Add(EntryView view, StoreMetadata metadata)
    {
        if (slotsSeen.Add(view.Slot))
        {
            slotsHeld++;
            lastSlot = view.Slot;
            if (view.Kind != EntryKinds.Unreadable) highest = Ballot.Max(highest, view.Ballot);
        }
        if (view.Kind != EntryKinds.NoOp && view.Kind != EntryKinds.Unreadable && view.Position == 0) proposals++;
        byKind[view.Kind] = byKind.GetValueOrDefault(view.Kind) + 1;
        switch (view.Kind)
        {
            case EntryKinds.NoOp: noOps++; break;
            case EntryKinds.Unreadable: unreadable++; break;
            case EntryKinds.Data: dataBytes += (ulong)view.Bytes.Length; break;
            case EntryKinds.EpochEnd: epochEnds++; break;
            case EntryKinds.Takeover: takeovers++; break;
        }
        if (view.Connection is { } c) connections.Add(c);
        if (view.Kind is EntryKinds.EpochEnd or EntryKinds.Takeover && view.Committed) lastCommittedEpoch = view.Epoch;
        if (view.LeaderTimestampNs is { } ts)
        {
            firstTimestamp ??= ts;
            lastTimestamp = ts;
        }
    }

    private LogSummary Finish(ReadOnlyStore store, StoreMetadata metadata)
    {
        ulong committedHeld = (ulong)slotsSeen.Count(s => s >= metadata.FirstSlot && s <= metadata.CommitSlot);
        ulong committedExpected = metadata.CommitSlot + 1 - metadata.FirstSlot;
        return new LogSummary
        {
            StorePath = store.Path,
            Metadata = metadata,
            Size = store.MeasureSize(),
            SlotsHeld = slotsHeld,
            LastSlot = lastSlot,
            NoOps = noOps,
            Proposals = proposals,
            UnreadableRecords = unreadable,
            MissingCommittedSlots = committedExpected - committedHeld,
            HighestAccepted = highest,
            EntriesByKind = byKind,
            DataBytes = dataBytes,
            Connections = (ulong)connections.Count,
            EpochEnds = epochEnds,
            Takeovers = takeovers,
            LastCommittedEpoch = metadata.FirstSlot == 1 && unreadable == 0 ? lastCommittedEpoch ?? 0 : null,
            FirstLeaderTimestampNs = firstTimestamp,
            LastLeaderTimestampNs = lastTimestamp,
            EpochRecords = EpochRecord.ReadAll(store),
            EngineKeys = GroupEngineKeys(store),
        };
    }

    private static IReadOnlyList<EngineKeyGroup> GroupEngineKeys(ReadOnlyStore store)
    {
        var groups = new SortedDictionary<string, (long Keys, long Bytes)>(StringComparer.Ordinal);
        foreach (KeyValuePair<byte[], byte[]> kv in store.EngineValues([]))
        {
            int slash = Array.IndexOf(kv.Key, (byte)'/');
            string prefix = Encoding.ASCII.GetString(kv.Key, 0, slash < 0 ? kv.Key.Length : slash);
            (long keys, long bytes) = groups.GetValueOrDefault(prefix);
            groups[prefix] = (keys + 1, bytes + kv.Key.Length + kv.Value.Length);
        }
        return groups.Select(g => new EngineKeyGroup(g.Key, g.Value.Keys, g.Value.Bytes)).ToArray();
    }
}
