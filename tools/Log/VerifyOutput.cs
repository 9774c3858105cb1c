using System.Text.Json;

namespace Plover.Cli.Log;

/// <summary>The report of <c>plover log verify</c>, as text or as JSON.</summary>
public static class VerifyOutput
{
    public static void WriteText(VerifyReport r, TextWriter o)
    {
        foreach (VerifyProblem problem in r.Problems) o.WriteLine($"PROBLEM {problem}");
        if (r.ProblemCount > r.Problems.Count) o.WriteLine($"... and {r.ProblemCount - r.Problems.Count} more problems");
        string checkedWhat = $"{r.RecordsChecked} records (slots {r.Metadata.FirstSlot}..{r.LastSlot?.ToString() ?? "-"}, committed through {r.Metadata.CommitSlot}), " +
                             $"{r.EntriesChecked} entries, {r.EpochRecordsChecked} epoch records in {r.StorePath}";
        o.WriteLine(r.IsClean ? $"OK: {checkedWhat}" : $"FAILED: {r.ProblemCount} problem(s) in {checkedWhat}");
    }

    public static void WriteJson(VerifyReport r, Utf8JsonWriter j)
    {
        j.WriteStartObject();
        j.WriteString("store", r.StorePath);
        j.WriteBoolean("ok", r.IsClean);
        j.WriteNumber("recordsChecked", r.RecordsChecked);
        j.WriteNumber("entriesChecked", r.EntriesChecked);
        j.WriteNumber("epochRecordsChecked", r.EpochRecordsChecked);
        j.WriteNumber("firstSlot", r.Metadata.FirstSlot);
        j.WriteNumber("commitSlot", r.Metadata.CommitSlot);
        JsonNullable.Write(j, "lastSlot", r.LastSlot);
        j.WriteNumber("problemCount", r.ProblemCount);
        j.WriteStartArray("problems");
        foreach (VerifyProblem p in r.Problems)
        {
            j.WriteStartObject();
            JsonNullable.Write(j, "slot", p.Slot);
            j.WriteString("message", p.Message);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
    }
}
