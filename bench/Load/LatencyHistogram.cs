using System.Numerics;

namespace Plover.Bench.Load;

/// <summary>
/// A log-linear latency histogram in the manner of HdrHistogram: values below 256 ns have a bucket
/// each, and every power of two above is split into 256 equal buckets, so a reported percentile is
/// at most 1/256 (0.4%) above the true one and never below it. Recording is a shift and an
/// increment with no allocation; one histogram per connection, merged at the end, so nothing is
/// shared on the hot path.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Linear buckets per power of two, as a power of two: sets the relative precision.</summary>
    public const int SubBucketBits = 8;

    /// <summary>Values above this (about 18 minutes) all land in the last bucket; <see cref="Max"/> stays exact.</summary>
    public const long TrackableNanosecondsMax = (1L << 40) - 1;

    private const int SubBucketCount = 1 << SubBucketBits;
    private static readonly int BucketCount = IndexOf(TrackableNanosecondsMax) + 1;

    private readonly long[] counts = new long[BucketCount];
    private long saturated;

    public long Count { get; private set; }
    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; }
    public long SumNanoseconds { get; private set; }

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0) throw new ArgumentOutOfRangeException(nameof(nanoseconds), nanoseconds, "a latency cannot be negative");
        if (nanoseconds > TrackableNanosecondsMax)
        {
            saturated++;
            counts[BucketCount - 1]++;
        }
        else
        {
            counts[IndexOf(nanoseconds)]++;
        }
        Count++;
        SumNanoseconds += nanoseconds;
        if (nanoseconds < Min) Min = nanoseconds;
        if (nanoseconds > Max) Max = nanoseconds;
    }

    /// <summary>Adds every value recorded in <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < BucketCount; i++) counts[i] += other.counts[i];
        saturated += other.saturated;
        Count += other.Count;
        SumNanoseconds += other.SumNanoseconds;
        if (other.Count > 0)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }
    }

    public double MeanNanoseconds => Count == 0 ? throw Empty() : (double)SumNanoseconds / Count;

    /// <summary>
    /// The nearest-rank percentile (the value at rank ceil(p/100 * count) in sorted order), reported
    /// as the highest value its bucket can hold, clamped to the largest value recorded.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (!(percentile > 0 && percentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "a percentile is in (0, 100]");
        if (Count == 0) throw Empty();
        long rank = Math.Max(1, (long)Math.Ceiling((decimal)percentile * Count / 100m));
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += counts[i];
            if (seen < rank) continue;
            if (i == BucketCount - 1 && saturated > 0) return Max;
            return Math.Min(HighestEquivalent(i), Max);
        }
        throw new InvariantViolationException($"rank {rank} is beyond the {Count} values recorded");
    }

    public LatencySummary Summarize() => Count == 0
        ? throw Empty()
        : new LatencySummary(
            Count,
            ToMilliseconds(ValueAtPercentile(50)),
            ToMilliseconds(ValueAtPercentile(90)),
            ToMilliseconds(ValueAtPercentile(99)),
            ToMilliseconds(ValueAtPercentile(99.9)),
            ToMilliseconds(Max),
            MeanNanoseconds / 1e6);

    /// <summary>The bucket a value falls in (public so tests can check the bucket boundaries).</summary>
    public static int IndexOf(long nanoseconds)
    {
        if (nanoseconds < SubBucketCount) return (int)nanoseconds;
        int exponent = 63 - BitOperations.LeadingZeroCount((ulong)nanoseconds);
        int shift = exponent - SubBucketBits;
        int sub = (int)(nanoseconds >> shift) - SubBucketCount;
        return ((shift + 1) << SubBucketBits) + sub;
    }

    /// <summary>The largest value that falls in bucket <paramref name="index"/>.</summary>
    public static long HighestEquivalent(int index)
    {
        int octave = index >> SubBucketBits;
        if (octave == 0) return index;
        int shift = octave - 1;
        long lowest = (long)(SubBucketCount + (index & (SubBucketCount - 1))) << shift;
        return lowest + (1L << shift) - 1;
    }

    private static double ToMilliseconds(long nanoseconds) => nanoseconds / 1e6;

    private static InvalidOperationException Empty() => new("the latency histogram holds no values");
}
