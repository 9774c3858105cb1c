using System.Text.Json;

namespace Plover.Cli.Log;

/// <summary>The per-epoch sync statistics view of <c>plover log inspect --epochs</c>, as text or as JSON.</summary>
public static class EpochsOutput
{
    public static void WriteText(IReadOnlyList<EpochRecord> records, TextWriter o)
    {
        o.WriteLine($"{"epoch",8} {"role",-8} {"dirtied",8} {"compared",8} {"identical",9} {"sent",6} {"bytes",10} {"hashlists",9} {"pause us",9}  digest           peers");
        foreach (EpochRecord r in records)
        {
            o.WriteLine($"{r.Epoch,8} {r.Role + (r.Takeover ? "*" : ""),-8} {r.PagesDirtied,8} {r.PagesCompared,8} {r.PagesIdentical,9} {r.PagesSent,6} " +
                        $"{r.BytesSent,10} {r.HashListsSent,9} {r.PauseMicroseconds,9}  {r.Digest,-16} {r.PeerResults}{(r.DigestsEqual ? "" : " DIGEST DIFFERS")}");
        }
        o.WriteLine($"({records.Count} epoch records; * marks a takeover)");
    }

    public static void WriteJson(IReadOnlyList<EpochRecord> records, Utf8JsonWriter j)
    {
        j.WriteStartObject();
        j.WriteStartArray("epochs");
        foreach (EpochRecord r in records)
        {
            j.WriteStartObject();
            j.WriteNumber("record", r.Record);
            foreach (JsonProperty property in r.Json.EnumerateObject()) property.WriteTo(j);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
    }
}
