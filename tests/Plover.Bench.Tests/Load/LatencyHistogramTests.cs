using Plover.Bench.Load;
using Plover.Consensus;

namespace Plover.Bench.Tests.Load;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [0.1, 1, 25, 50, 90, 99, 99.9, 99.99, 100];

    public static TheoryData<string, int> Distributions => new()
    {
        { "uniform below 256 ns", 5_000 },
        { "uniform to 10 ms", 50_000 },
        { "exponential, mean 300 us", 100_000 },
        { "log-normal, heavy tail", 100_000 },
        { "two modes", 20_001 },
        { "constant", 1_000 },
        { "single value", 1 },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Percentiles_match_a_sorted_array_oracle_to_within_one_bucket(string distribution, int count)
    {
        var random = new DeterministicRandom(distribution.Aggregate(17UL, (h, c) => h * 31 + c));
        long[] values = Enumerable.Range(0, count).Select(_ => Draw(distribution, random)).ToArray();
        var histogram = new LatencyHistogram();
        foreach (long v in values) histogram.Record(v);
        long[] sorted = [.. values.Order()];

        foreach (double p in Percentiles)
        {
            long oracle = sorted[NearestRank(p, sorted.Length) - 1];
            long reported = histogram.ValueAtPercentile(p);
            Assert.True(reported >= oracle, $"{distribution} p{p}: reported {reported} below the true {oracle}");
            Assert.True(reported <= oracle + oracle / (1 << LatencyHistogram.SubBucketBits),
                $"{distribution} p{p}: reported {reported}, more than 1/256 above the true {oracle}");
        }
        Assert.Equal(sorted[0], histogram.Min);
        Assert.Equal(sorted[^1], histogram.Max);
        Assert.Equal(sorted[^1], histogram.ValueAtPercentile(100));
        Assert.Equal(values.Average(), histogram.MeanNanoseconds, 6);
    }

    [Fact]
    public void Values_below_256_nanoseconds_are_exact()
    {
        var histogram = new LatencyHistogram();
        for (long v = 0; v < 256; v++) histogram.Record(v);
        for (int rank = 1; rank <= 256; rank++)
            Assert.Equal(rank - 1, histogram.ValueAtPercentile(rank * 100.0 / 256));
    }

    [Fact]
    public void Buckets_tile_the_range_without_gaps_or_overlaps()
    {
        int last = LatencyHistogram.IndexOf(LatencyHistogram.TrackableNanosecondsMax);
        for (int i = 0; i < last; i++)
        {
            long highest = LatencyHistogram.HighestEquivalent(i);
            Assert.Equal(i, LatencyHistogram.IndexOf(highest));
            Assert.Equal(i + 1, LatencyHistogram.IndexOf(highest + 1));
        }
        Assert.Equal(LatencyHistogram.TrackableNanosecondsMax, LatencyHistogram.HighestEquivalent(last));
    }

    [Fact]
    public void Merged_histograms_report_what_one_histogram_of_all_values_reports()
    {
        var random = new DeterministicRandom(7);
        var whole = new LatencyHistogram();
        var parts = Enumerable.Range(0, 5).Select(_ => new LatencyHistogram()).ToArray();
        for (int i = 0; i < 30_000; i++)
        {
            long v = (long)random.NextBelow(50_000_000);
            whole.Record(v);
            parts[i % parts.Length].Record(v);
        }
        var merged = new LatencyHistogram();
        foreach (LatencyHistogram part in parts) merged.Add(part);
        merged.Add(new LatencyHistogram()); // an empty part changes nothing

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Min, merged.Min);
        Assert.Equal(whole.Max, merged.Max);
        Assert.Equal(whole.SumNanoseconds, merged.SumNanoseconds);
        foreach (double p in Percentiles) Assert.Equal(whole.ValueAtPercentile(p), merged.ValueAtPercentile(p));
    }

    [Fact]
    public void A_value_beyond_the_trackable_range_is_counted_and_reported_exactly_as_the_maximum()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(1_000);
        long huge = LatencyHistogram.TrackableNanosecondsMax * 3;
        histogram.Record(huge);
        Assert.Equal(2, histogram.Count);
        Assert.InRange(histogram.ValueAtPercentile(50), 1_000, 1_000 + 1_000 / 256);
        Assert.Equal(huge, histogram.ValueAtPercentile(100));
        Assert.Equal(huge, histogram.Max);
    }

    [Fact]
    public void The_summary_reports_milliseconds_in_order()
    {
        var histogram = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) histogram.Record(i * 1_000_000L); // 1..1000 ms
        LatencySummary s = histogram.Summarize();
        Assert.Equal(1000, s.Count);
        Assert.InRange(s.P50Ms, 500, 500 * (1 + 1.0 / 256));
        Assert.InRange(s.P90Ms!.Value, 900, 900 * (1 + 1.0 / 256));
        Assert.InRange(s.P99Ms, 990, 990 * (1 + 1.0 / 256));
        Assert.InRange(s.P999Ms!.Value, 999, 999 * (1 + 1.0 / 256));
        Assert.Equal(1000, s.MaxMs);
        Assert.Equal(500.5, s.MeanMs, 9);
    }

    [Fact]
    public void Misuse_is_refused()
    {
        var histogram = new LatencyHistogram();
        Assert.Throws<InvalidOperationException>(() => histogram.ValueAtPercentile(50));
        Assert.Throws<InvalidOperationException>(() => histogram.Summarize());
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Record(-1));
        histogram.Record(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(100.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(double.NaN));
    }

    /// <summary>The nearest-rank definition, in exact integer arithmetic on thousandths of a percent.</summary>
    private static int NearestRank(double percentile, int count)
    {
        long milli = (long)Math.Round(percentile * 1000);
        long rank = (milli * count + 100_000 - 1) / 100_000;
        return (int)Math.Max(1, rank);
    }

    private static long Draw(string distribution, DeterministicRandom random) => distribution switch
    {
        "uniform below 256 ns" => (long)random.NextBelow(256),
        "uniform to 10 ms" => (long)random.NextBelow(10_000_000),
        "exponential, mean 300 us" => (long)(-Math.Log(1 - random.NextDouble()) * 300_000),
        "log-normal, heavy tail" => (long)Math.Exp(12 + 2.5 * Normal(random)),
        "two modes" => random.NextBelow(10) < 9 ? 200_000 + (long)random.NextBelow(50_000) : 40_000_000 + (long)random.NextBelow(10_000_000),
        "constant" or "single value" => 123_456,
        _ => throw new ArgumentException(distribution),
    };

    private static double Normal(DeterministicRandom random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
