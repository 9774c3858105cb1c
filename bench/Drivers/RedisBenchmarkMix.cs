using Plover.Bench.Load;

namespace Plover.Bench.Drivers;

/// <summary>
/// Folds redis-benchmark's separate SET and GET runs into one figure for the workload's mix.
/// redis-benchmark runs one command per test, so the driver runs SET for (1-R) of the requests and
/// GET for R of them, one after the other. Throughput is all requests over the time both took (as
/// redis-benchmark timed them); a latency percentile of the mix lies between the per-test ones, so
/// the larger is reported: an upper bound, never flattering.
/// </summary>
public static class RedisBenchmarkMix
{
    public static LoadResult Combine(IReadOnlyList<(RedisBenchmarkRow Row, long Requests)> tests, TimeSpan wall)
    {
        if (tests.Count == 0) throw new ArgumentException("no test to combine", nameof(tests));
        foreach ((RedisBenchmarkRow row, long requests) in tests)
        {
            if (requests <= 0) throw new ArgumentOutOfRangeException(nameof(tests), requests, $"{row.Test} ran no requests");
            if (row.RequestsPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(tests), row.RequestsPerSecond, $"{row.Test} reports a rate of {row.RequestsPerSecond}");
        }
        long total = tests.Sum(t => t.Requests);
        double seconds = tests.Sum(t => t.Requests / t.Row.RequestsPerSecond);
        double mean = tests.Sum(t => (t.Row.AvgMs ?? t.Row.P50Ms) * t.Requests) / total;
        return new LoadResult
        {
            Driver = RedisBenchmarkDriver.DriverName,
            Requests = total,
            Window = wall,
            ThroughputOpsPerSecond = total / seconds,
            Latency = new LatencySummary(total, tests.Max(t => t.Row.P50Ms), null, tests.Max(t => t.Row.P99Ms), null, tests.Max(t => t.Row.MaxMs), mean),
            Errors = 0,
            ErrorSummary = "none",
            ErrorSamples = [],
        };
    }
}
