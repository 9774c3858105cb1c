using System.Text.Json;

namespace Plover.Cli.Log;

/// <summary>The entries view of <c>plover log inspect</c> (by slots, epoch or connection), as text or as JSON.</summary>
public static class EntriesOutput
{
    public static void WriteText(IReadOnlyList<EntryView> entries, bool more, EntryQuery query, TextWriter o)
    {
        foreach (EntryView e in entries) o.WriteLine(Line(e));
        o.WriteLine(more
            ? $"({entries.Count} entries shown; more match: raise --limit (now {query.Limit}) or narrow --slots)"
            : $"({entries.Count} entries)");
    }

    private static string Line(EntryView e)
    {
        string where = $"slot {e.Slot}{(e.Proposal > 0 || e.Position > 0 ? $".{e.Proposal}.{e.Position}" : "")}";
        string epoch = e.Epoch is { } n ? $"epoch {n}" : "epoch ?";
        string time = e.LeaderTimestampNs is { } ts ? DisplayFormat.Timestamp(ts) : "-";
        string committed = e.Committed ? "" : " (uncommitted)";
        string detail = e.Kind switch
        {
            EntryKinds.Data => $"conn {ConnectionIdText.Format(e.Connection!.Value)} {e.Bytes.Length} B \"{BytePreview.Of(e.Bytes.Span)}\"",
            EntryKinds.Connect or EntryKinds.Close => $"conn {ConnectionIdText.Format(e.Connection!.Value)}",
            EntryKinds.EpochEnd => $"hint {e.Argument}",
            EntryKinds.Takeover => $"ballot {Plover.Consensus.Ballot.FromUInt64(e.Argument!.Value)}",
            EntryKinds.Unreadable => e.Problem!,
            _ => "",
        };
        return $"{where,-14} ballot {e.Ballot,-6} {epoch,-10} {time,-27} {e.Kind,-11} {detail}{committed}";
    }

    public static void WriteJson(IReadOnlyList<EntryView> entries, bool more, Utf8JsonWriter j)
    {
        j.WriteStartObject();
        j.WriteStartArray("entries");
        foreach (EntryView e in entries) WriteEntry(e, j);
        j.WriteEndArray();
        j.WriteBoolean("more", more);
        j.WriteEndObject();
    }

    private static void WriteEntry(EntryView e, Utf8JsonWriter j)
    {
        j.WriteStartObject();
        j.WriteNumber("slot", e.Slot);
        j.WriteNumber("proposal", e.Proposal);
        j.WriteNumber("position", e.Position);
        j.WriteString("ballot", e.Ballot.ToString());
        j.WriteBoolean("committed", e.Committed);
        JsonNullable.Write(j, "epoch", e.Epoch);
        JsonNullable.Write(j, "leaderTimestampNs", e.LeaderTimestampNs);
        JsonNullable.Write(j, "leaderTime", e.LeaderTimestampNs is { } ts ? DisplayFormat.Timestamp(ts) : null);
        JsonNullable.Write(j, "seed", e.Seed);
        j.WriteString("kind", e.Kind);
        JsonNullable.Write(j, "connection", e.Connection);
        JsonNullable.Write(j, "connectionName", e.Connection is { } c ? ConnectionIdText.Format(c) : null);
        if (e.Kind == EntryKinds.EpochEnd) j.WriteNumber("epochHint", e.Argument!.Value);
        if (e.Kind == EntryKinds.Takeover) j.WriteString("takeoverBallot", Plover.Consensus.Ballot.FromUInt64(e.Argument!.Value).ToString());
        if (e.Kind == EntryKinds.Data)
        {
            j.WriteNumber("length", e.Bytes.Length);
            j.WriteString("preview", BytePreview.Of(e.Bytes.Span));
            j.WriteBase64String("bytes", e.Bytes.Span);
        }
        if (e.Problem is { } problem) j.WriteString("problem", problem);
        j.WriteEndObject();
    }
}
