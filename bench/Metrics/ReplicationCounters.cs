namespace Plover.Bench.Metrics;

/// <summary>
/// One node's replication counters, as the engine exposes them on its status endpoint:
/// <c>plover_replication_bytes_total{kind="log"|"hashes"|"pages"|"other"}</c> (bytes this node sent
/// to its peers), <c>plover_epochs_total</c>, <c>plover_epoch_pages_sent_total</c>, and optionally
/// <c>plover_requests_total</c> (client requests served).
/// </summary>
public sealed record ReplicationCounters(long LogBytes, long HashBytes, long PageBytes, long OtherBytes, long Epochs, long EpochPagesSent, long? Requests)
{
    public const string BytesMetric = "plover_replication_bytes_total";
    public const string EpochsMetric = "plover_epochs_total";
    public const string EpochPagesSentMetric = "plover_epoch_pages_sent_total";
    public const string RequestsMetric = "plover_requests_total";
    private static readonly string[] Kinds = ["log", "hashes", "pages", "other"];

    public static readonly ReplicationCounters Zero = new(0, 0, 0, 0, 0, 0, 0);

    public long TotalBytes => LogBytes + HashBytes + PageBytes + OtherBytes;

    /// <summary>
    /// Reads the counters from parsed samples. A byte kind with no sample yet counts as zero (a
    /// labelled counter appears once first touched), but the epoch counters must be present, and a
    /// kind outside the contract is an error: it would make the split silently wrong.
    /// </summary>
    public static ReplicationCounters FromSamples(IReadOnlyList<PrometheusSample> samples, string source)
    {
        var bytes = new long[Kinds.Length];
        foreach (PrometheusSample s in samples.Where(s => s.Name == BytesMetric))
        {
            string kind = s.Label("kind") ?? throw new PrometheusFormatException(source, 0, $"{s.Series()} has no kind label");
            int index = Array.IndexOf(Kinds, kind);
            if (index < 0) throw new PrometheusFormatException(source, 0, $"{s.Series()}: kind '{kind}' is none of {string.Join(", ", Kinds)}");
            bytes[index] = Counter(s, source);
        }
        return new ReplicationCounters(bytes[0], bytes[1], bytes[2], bytes[3],
            Counter(Single(samples, EpochsMetric, source), source),
            Counter(Single(samples, EpochPagesSentMetric, source), source),
            samples.FirstOrDefault(s => s.Name == RequestsMetric) is { } requests ? Counter(requests, source) : null);
    }

    /// <summary>The increase since <paramref name="earlier"/>; a counter that went down means the node restarted mid-run.</summary>
    public ReplicationCounters Since(ReplicationCounters earlier, string source)
    {
        long Delta(long now, long then, string what) => now >= then
            ? now - then
            : throw new PrometheusFormatException(source, 0, $"{what} went down from {then} to {now}: the node restarted during the measurement");
        return new ReplicationCounters(
            Delta(LogBytes, earlier.LogBytes, "log bytes"),
            Delta(HashBytes, earlier.HashBytes, "hash bytes"),
            Delta(PageBytes, earlier.PageBytes, "page bytes"),
            Delta(OtherBytes, earlier.OtherBytes, "other bytes"),
            Delta(Epochs, earlier.Epochs, "epochs"),
            Delta(EpochPagesSent, earlier.EpochPagesSent, "epoch pages sent"),
            Requests is { } now && earlier.Requests is { } then ? Delta(now, then, "requests") : null);
    }

    private static PrometheusSample Single(IReadOnlyList<PrometheusSample> samples, string name, string source)
    {
        PrometheusSample[] found = samples.Where(s => s.Name == name).ToArray();
        return found.Length == 1
            ? found[0]
            : throw new PrometheusFormatException(source, 0, found.Length == 0 ? $"{name} is missing" : $"{name} has {found.Length} series, expected one");
    }

    private static long Counter(PrometheusSample sample, string source)
    {
        double v = sample.Value;
        if (!double.IsFinite(v) || v < 0 || v != Math.Floor(v) || v > long.MaxValue)
            throw new PrometheusFormatException(source, 0, $"{sample.Series()} = {v} is not a count");
        return (long)v;
    }
}
