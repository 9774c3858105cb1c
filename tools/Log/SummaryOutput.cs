using System.Text.Json;

namespace Plover.Cli.Log;

/// <summary>The summary view of <c>plover log inspect</c>, as text or as JSON.</summary>
public static class SummaryOutput
{
    public static void WriteText(LogSummary s, TextWriter o)
    {
        StoreMetadata m = s.Metadata;
        o.WriteLine($"store        {s.StorePath} (format version {m.FormatVersion})");
        o.WriteLine($"identity     cluster {m.ClusterId}, node {m.NodeId}, incarnation {m.Incarnation?.ToString() ?? "-"}{(m.Rebuilding ? ", REBUILDING (not voting)" : "")}");
        o.WriteLine($"ballot       promised {m.Promised}, highest accepted {s.HighestAccepted}");
        o.WriteLine($"slots        first {m.FirstSlot}, committed {m.CommitSlot}, last {s.LastSlot?.ToString() ?? "-"} " +
                    $"({s.SlotsHeld} held, {s.NoOps} no-op, {s.UnreadableRecords} unreadable, {s.MissingCommittedSlots} committed missing)");
        o.WriteLine($"entries      {s.Proposals} proposals: {KindCounts(s)}; {DisplayFormat.Bytes((long)s.DataBytes)} of client data, {s.Connections} connections");
        o.WriteLine($"epochs       {s.EpochEnds + s.Takeovers} boundaries in the log ({s.EpochEnds} epoch ends, {s.Takeovers} takeovers), " +
                    $"last committed epoch {s.LastCommittedEpoch?.ToString() ?? "unknown (log does not start at slot 1)"}");
        o.WriteLine($"sync stats   {EpochTotals(s.EpochRecords)}");
        if (s.FirstLeaderTimestampNs is { } first && s.LastLeaderTimestampNs is { } last)
            o.WriteLine($"leader clock {DisplayFormat.Timestamp(first)} .. {DisplayFormat.Timestamp(last)}");
        o.WriteLine($"checkpoints  {(s.Checkpoints is { } c ? $"{c.Keys} keys under {LogSummary.CheckpointPrefix}/ ({DisplayFormat.Bytes(c.Bytes)}; not decoded by this build)" : $"none (no engine keys under {LogSummary.CheckpointPrefix}/)")}");
        o.WriteLine($"engine keys  {(s.EngineKeys.Count == 0 ? "none" : string.Join(", ", s.EngineKeys.Select(g => $"{g.Prefix}/ {g.Keys} ({DisplayFormat.Bytes(g.Bytes)})")))}");
        o.WriteLine($"size         {DisplayFormat.Bytes(s.Size.TotalBytes)} (tables {DisplayFormat.Bytes(s.Size.TableBytes)}, WAL {DisplayFormat.Bytes(s.Size.WalBytes)}, other {DisplayFormat.Bytes(s.Size.OtherBytes)}; {s.Size.Files} files)");
    }

    private static string KindCounts(LogSummary s) =>
        s.EntriesByKind.Count == 0 ? "no entries" : string.Join(", ", s.EntriesByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));

    private static string EpochTotals(IReadOnlyList<EpochRecord> records)
    {
        if (records.Count == 0) return "no epoch statistics recorded";
        return $"{records.Count} records (epochs {records.Min(r => r.Epoch)}..{records.Max(r => r.Epoch)}): " +
               $"pages dirtied {records.Sum(r => r.PagesDirtied)}, compared {records.Sum(r => r.PagesCompared)}, identical {records.Sum(r => r.PagesIdentical)}, " +
               $"sent {records.Sum(r => r.PagesSent)}, {DisplayFormat.Bytes(records.Sum(r => r.BytesSent))} sent, pause {records.Sum(r => r.PauseMicroseconds)} us";
    }

    public static void WriteJson(LogSummary s, Utf8JsonWriter j)
    {
        StoreMetadata m = s.Metadata;
        j.WriteStartObject();
        j.WriteString("store", s.StorePath);
        j.WriteNumber("formatVersion", m.FormatVersion);
        j.WriteString("cluster", m.ClusterId);
        j.WriteNumber("node", m.NodeId);
        JsonNullable.Write(j, "incarnation", m.Incarnation);
        j.WriteBoolean("rebuilding", m.Rebuilding);
        j.WriteString("promisedBallot", m.Promised.ToString());
        j.WriteString("highestAcceptedBallot", s.HighestAccepted.ToString());
        j.WriteNumber("firstSlot", m.FirstSlot);
        j.WriteNumber("commitSlot", m.CommitSlot);
        JsonNullable.Write(j, "lastSlot", s.LastSlot);
        j.WriteNumber("slotsHeld", s.SlotsHeld);
        j.WriteNumber("noOps", s.NoOps);
        j.WriteNumber("unreadableRecords", s.UnreadableRecords);
        j.WriteNumber("missingCommittedSlots", s.MissingCommittedSlots);
        j.WriteNumber("proposals", s.Proposals);
        j.WriteStartObject("entries");
        foreach (KeyValuePair<string, ulong> kind in s.EntriesByKind.OrderBy(k => k.Key, StringComparer.Ordinal)) j.WriteNumber(kind.Key, kind.Value);
        j.WriteEndObject();
        j.WriteNumber("dataBytes", s.DataBytes);
        j.WriteNumber("connections", s.Connections);
        j.WriteNumber("epochEnds", s.EpochEnds);
        j.WriteNumber("takeovers", s.Takeovers);
        JsonNullable.Write(j, "lastCommittedEpoch", s.LastCommittedEpoch);
        JsonNullable.Write(j, "firstLeaderTimestampNs", s.FirstLeaderTimestampNs);
        JsonNullable.Write(j, "lastLeaderTimestampNs", s.LastLeaderTimestampNs);
        WriteEpochTotals(j, s.EpochRecords);
        WriteEngineKeys(j, s);
        j.WriteStartObject("size");
        j.WriteNumber("totalBytes", s.Size.TotalBytes);
        j.WriteNumber("tableBytes", s.Size.TableBytes);
        j.WriteNumber("walBytes", s.Size.WalBytes);
        j.WriteNumber("otherBytes", s.Size.OtherBytes);
        j.WriteNumber("files", s.Size.Files);
        j.WriteEndObject();
        j.WriteEndObject();
    }

    private static void WriteEpochTotals(Utf8JsonWriter j, IReadOnlyList<EpochRecord> records)
    {
        j.WriteStartObject("epochStatistics");
        j.WriteNumber("records", records.Count);
        JsonNullable.Write(j, "firstEpoch", records.Count == 0 ? null : records.Min(r => r.Epoch));
        JsonNullable.Write(j, "lastEpoch", records.Count == 0 ? null : records.Max(r => r.Epoch));
        j.WriteNumber("pagesDirtied", records.Sum(r => r.PagesDirtied));
        j.WriteNumber("pagesCompared", records.Sum(r => r.PagesCompared));
        j.WriteNumber("pagesIdentical", records.Sum(r => r.PagesIdentical));
        j.WriteNumber("pagesSent", records.Sum(r => r.PagesSent));
        j.WriteNumber("bytesSent", records.Sum(r => r.BytesSent));
        j.WriteNumber("pauseMicroseconds", records.Sum(r => r.PauseMicroseconds));
        j.WriteEndObject();
    }

    private static void WriteEngineKeys(Utf8JsonWriter j, LogSummary s)
    {
        j.WriteStartObject("checkpoints");
        j.WriteNumber("keys", s.Checkpoints?.Keys ?? 0);
        j.WriteNumber("bytes", s.Checkpoints?.Bytes ?? 0);
        j.WriteEndObject();
        j.WriteStartArray("engineKeys");
        foreach (EngineKeyGroup group in s.EngineKeys)
        {
            j.WriteStartObject();
            j.WriteString("prefix", group.Prefix);
            j.WriteNumber("keys", group.Keys);
            j.WriteNumber("bytes", group.Bytes);
            j.WriteEndObject();
        }
        j.WriteEndArray();
    }
}
