namespace Plover.Bench.Load;

/// <summary>
/// Latency percentiles of one run, in milliseconds. The Plover load generator fills every field;
/// redis-benchmark reports no p90 or p99.9, so those are null for its runs.
/// </summary>
public sealed record LatencySummary(long Count, double P50Ms, double? P90Ms, double P99Ms, double? P999Ms, double MaxMs, double MeanMs);
