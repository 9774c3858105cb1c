namespace Plover.Bench.Load;

/// <summary>
/// Errors seen by one connection (or, merged, by a run): a count per kind and the first few
/// messages, so a report can say what went wrong without holding every failure.
/// </summary>
public sealed class LoadErrors
{
    public const int SamplesMax = 8;

    private readonly long[] counts = new long[Enum.GetValues<LoadErrorKind>().Length];
    private readonly List<string> samples = [];

    public long Total => counts.Sum();

    public long Count(LoadErrorKind kind) => counts[(int)kind];

    public IReadOnlyList<string> Samples => samples;

    public void Record(LoadErrorKind kind, long count, Func<string> describe)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "an error count is positive");
        counts[(int)kind] += count;
        if (samples.Count < SamplesMax) samples.Add($"{kind}: {describe()}");
    }

    public void Add(LoadErrors other)
    {
        for (int i = 0; i < counts.Length; i++) counts[i] += other.counts[i];
        foreach (string sample in other.samples)
            if (samples.Count < SamplesMax) samples.Add(sample);
    }

    /// <summary>"3 ServerError, 1 ConnectionFailure", or "none".</summary>
    public string Describe()
    {
        var parts = Enum.GetValues<LoadErrorKind>().Where(k => Count(k) > 0).Select(k => $"{Count(k)} {k}").ToArray();
        return parts.Length == 0 ? "none" : string.Join(", ", parts);
    }
}
