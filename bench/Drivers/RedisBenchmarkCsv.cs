using System.Globalization;
using System.Text;

namespace Plover.Bench.Drivers;

/// <summary>
/// Parses <c>redis-benchmark --csv</c> (7.x): a header row naming the columns, then one row per
/// test, every field quoted. Columns are found by name, so their order does not matter; test, rps,
/// p50, p99 and max are required (6.x and older print only test and rps, which is not enough).
/// </summary>
public static class RedisBenchmarkCsv
{
    public static IReadOnlyList<RedisBenchmarkRow> Parse(string text)
    {
        string[] lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int headerAt = Array.FindIndex(lines, l => l.Length > 0);
        if (headerAt < 0) throw new RedisBenchmarkFormatException(1, "no output at all");
        string[] header = SplitLine(lines[headerAt], headerAt + 1);
        int Column(string name, bool required)
        {
            int at = Array.IndexOf(header, name);
            if (at < 0 && required) throw new RedisBenchmarkFormatException(headerAt + 1, $"no '{name}' column in the header ({string.Join(", ", header)})");
            return at;
        }
        int test = Column("test", true), rps = Column("rps", true), p50 = Column("p50_latency_ms", true), p99 = Column("p99_latency_ms", true),
            max = Column("max_latency_ms", true), avg = Column("avg_latency_ms", false), min = Column("min_latency_ms", false), p95 = Column("p95_latency_ms", false);

        var rows = new List<RedisBenchmarkRow>();
        for (int i = headerAt + 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            int number = i + 1;
            string[] f = SplitLine(lines[i], number);
            if (f.Length != header.Length) throw new RedisBenchmarkFormatException(number, $"{f.Length} fields, the header has {header.Length}");
            double? Optional(int column) => column < 0 ? null : Number(f[column], header[column], number);
            rows.Add(new RedisBenchmarkRow(f[test], Number(f[rps], "rps", number), Optional(avg), Optional(min),
                Number(f[p50], "p50_latency_ms", number), Optional(p95), Number(f[p99], "p99_latency_ms", number), Number(f[max], "max_latency_ms", number)));
        }
        if (rows.Count == 0) throw new RedisBenchmarkFormatException(lines.Length, "a header but no test rows (did every test fail?)");
        return rows;
    }

    private static double Number(string text, string column, int line) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v >= 0
            ? v
            : throw new RedisBenchmarkFormatException(line, $"{column} '{text}' is not a non-negative number");

    /// <summary>Splits one CSV line: fields optionally quoted, a doubled quote inside quotes standing for one.</summary>
    private static string[] SplitLine(string line, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) throw new RedisBenchmarkFormatException(number, "a quoted field is not closed");
                    if (line[i] == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    if (line[i] == '"') { i++; break; }
                    field.Append(line[i++]);
                }
                if (i < line.Length && line[i] != ',') throw new RedisBenchmarkFormatException(number, $"text after a closing quote at column {i + 1}");
            }
            else
            {
                while (i < line.Length && line[i] != ',') field.Append(line[i++]);
            }
            fields.Add(field.ToString());
            if (i >= line.Length) return [.. fields];
            i++; // the comma
        }
    }
}
