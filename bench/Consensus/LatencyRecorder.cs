namespace Plover.Bench.Consensus;

/// <summary>Commit latencies of a run, in stopwatch ticks, bounded in count; percentiles on demand.</summary>
internal sealed class LatencyRecorder
{
    private const int SamplesMax = 4_000_000;

    private readonly long[] _samples = new long[SamplesMax];
    private int _count;

    public int Count => _count;

    public void Add(long ticks)
    {
        if (_count < SamplesMax) _samples[_count++] = ticks;
    }

    /// <summary>The <paramref name="fraction"/> percentile (0.5 for the median) in milliseconds.</summary>
    public double PercentileMilliseconds(double fraction)
    {
        if (_count == 0) return double.NaN;
        long[] sorted = _samples.AsSpan(0, _count).ToArray();
        Array.Sort(sorted);
        int index = Math.Min(_count - 1, (int)Math.Ceiling(fraction * _count) - 1);
        return sorted[Math.Max(0, index)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
