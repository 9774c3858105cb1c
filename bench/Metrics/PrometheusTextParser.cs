using System.Globalization;
using System.Text;

namespace Plover.Bench.Metrics;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4): <c># HELP</c> and <c># TYPE</c>
/// lines, other comments, and samples <c>name{label="value",...} value [timestamp]</c>. Strict: any
/// line it cannot read, a series given twice, or a metric typed twice is an error naming the line.
/// </summary>
public static class PrometheusTextParser
{
    private static readonly string[] KnownTypes = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyList<PrometheusSample> Parse(string text, string source)
    {
        var samples = new List<PrometheusSample>();
        var series = new HashSet<string>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r').Trim(' ', '\t');
            if (line.Length == 0) continue;
            var cursor = new Cursor(line, source, i + 1);
            if (line[0] == '#')
            {
                ParseComment(cursor, typed);
                continue;
            }
            PrometheusSample sample = ParseSample(cursor);
            if (!series.Add(sample.Series())) throw cursor.Error($"the series {sample.Series()} appears twice");
            samples.Add(sample);
        }
        return samples;
    }

    private static void ParseComment(Cursor cursor, HashSet<string> typed)
    {
        cursor.Expect('#');
        cursor.SkipBlanks();
        string keyword = cursor.ReadWhile(c => c is not (' ' or '\t'));
        if (keyword is not ("TYPE" or "HELP")) return; // any other comment is free text
        cursor.SkipBlanks();
        string name = cursor.ReadMetricName();
        if (keyword == "HELP") return;
        cursor.SkipBlanks();
        string type = cursor.ReadWhile(c => c is not (' ' or '\t'));
        if (!KnownTypes.Contains(type)) throw cursor.Error($"'{type}' is not a metric type");
        if (!typed.Add(name)) throw cursor.Error($"the metric {name} is typed twice");
    }

    private static PrometheusSample ParseSample(Cursor cursor)
    {
        string name = cursor.ReadMetricName();
        var labels = new List<KeyValuePair<string, string>>();
        if (cursor.Peek() == '{') ParseLabels(cursor, labels);
        if (!cursor.SkipBlanks()) throw cursor.Error("expected a blank before the value");
        double value = ParseValue(cursor, cursor.ReadWhile(c => c is not (' ' or '\t')));
        long? timestamp = null;
        if (cursor.SkipBlanks() && !cursor.AtEnd)
        {
            string text = cursor.ReadWhile(c => c is not (' ' or '\t'));
            timestamp = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ms)
                ? ms
                : throw cursor.Error($"'{text}' is not a timestamp in milliseconds");
        }
        cursor.SkipBlanks();
        if (!cursor.AtEnd) throw cursor.Error("unexpected text after the sample");
        return new PrometheusSample(name, labels, value, timestamp);
    }

    private static void ParseLabels(Cursor cursor, List<KeyValuePair<string, string>> labels)
    {
        cursor.Expect('{');
        while (true)
        {
            cursor.SkipBlanks();
            if (cursor.Peek() == '}') break;
            string label = cursor.ReadLabelName();
            if (labels.Any(l => l.Key == label)) throw cursor.Error($"the label {label} is given twice");
            cursor.SkipBlanks();
            cursor.Expect('=');
            cursor.SkipBlanks();
            labels.Add(new(label, cursor.ReadQuoted()));
            cursor.SkipBlanks();
            if (cursor.Peek() != ',') break;
            cursor.Expect(',');
        }
        cursor.Expect('}');
    }

    private static double ParseValue(Cursor cursor, string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) => v,
        _ => throw cursor.Error($"'{text}' is not a sample value"),
    };

    /// <summary>A position in one line, with the line's number for errors.</summary>
    private sealed class Cursor(string line, string source, int number)
    {
        private int at;

        public bool AtEnd => at >= line.Length;

        public char Peek() => AtEnd ? '\0' : line[at];

        public void Expect(char c)
        {
            if (Peek() != c) throw Error($"expected '{c}' at column {at + 1}, found {(AtEnd ? "the line end" : $"'{Peek()}'")}");
            at++;
        }

        /// <summary>Skips spaces and tabs; true if there were any.</summary>
        public bool SkipBlanks()
        {
            int start = at;
            while (!AtEnd && line[at] is ' ' or '\t') at++;
            return at > start;
        }

        public string ReadWhile(Func<char, bool> accept)
        {
            int start = at;
            while (!AtEnd && accept(line[at])) at++;
            return line[start..at];
        }

        public string ReadMetricName() => ReadName(metric: true);

        public string ReadLabelName() => ReadName(metric: false);

        private string ReadName(bool metric)
        {
            int start = at;
            while (!AtEnd && IsNameChar(line[at], first: at == start, metric)) at++;
            if (at == start) throw Error($"expected a {(metric ? "metric" : "label")} name at column {at + 1}");
            return line[start..at];
        }

        private static bool IsNameChar(char c, bool first, bool metric) =>
            c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (metric && c == ':') || (!first && c is >= '0' and <= '9');

        public string ReadQuoted()
        {
            Expect('"');
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error("a label value is not closed");
                char c = line[at++];
                if (c == '"') return value.ToString();
                if (c != '\\') { value.Append(c); continue; }
                char escaped = AtEnd ? '\0' : line[at++];
                value.Append(escaped switch
                {
                    '\\' => '\\',
                    '"' => '"',
                    'n' => '\n',
                    _ => throw Error($"'\\{escaped}' is not an escape in a label value"),
                });
            }
        }

        public PrometheusFormatException Error(string message) => new(source, number, message);
    }
}
