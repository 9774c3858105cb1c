namespace Plover.Bench.Metrics;

/// <summary>One sample line of the Prometheus text format: a metric name, its labels in the order written, a value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, long? TimestampMs)
{
    public string? Label(string name)
    {
        foreach (KeyValuePair<string, string> label in Labels)
            if (label.Key == name) return label.Value;
        return null;
    }

    /// <summary>The series identity, e.g. <c>x{kind="log"}</c>, labels sorted by name.</summary>
    public string Series() => Labels.Count == 0
        ? Name
        : $"{Name}{{{string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}}";
}
