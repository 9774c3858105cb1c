namespace Plover.Bench.Drivers;

/// <summary>One test's line of <c>redis-benchmark --csv</c> (latencies in milliseconds; avg, min and p95 may be absent).</summary>
public sealed record RedisBenchmarkRow(string Test, double RequestsPerSecond, double? AvgMs, double? MinMs, double P50Ms, double? P95Ms, double P99Ms, double MaxMs);
