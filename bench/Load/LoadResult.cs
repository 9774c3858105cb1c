namespace Plover.Bench.Load;

/// <summary>
/// What one load run measured, whichever client produced it: requests completed inside the
/// measured window, the window's length, their latencies, and every error of the whole run.
/// </summary>
public sealed record LoadResult
{
    /// <summary>"plover" (this project's client) or "redis-benchmark".</summary>
    public required string Driver { get; init; }
    public required long Requests { get; init; }
    public required TimeSpan Window { get; init; }
    /// <summary>Null when no request completed inside the window.</summary>
    public required LatencySummary? Latency { get; init; }
    public required long Errors { get; init; }
    public required string ErrorSummary { get; init; }
    public required IReadOnlyList<string> ErrorSamples { get; init; }

    /// <summary>
    /// Bytes this whole process allocated during the window, per request completed in it (null for
    /// redis-benchmark): how close the client's hot path is to allocating nothing.
    /// </summary>
    public double? ClientAllocatedBytesPerOp { get; init; }

    /// <summary>Requests per second over the window (for redis-benchmark, as it timed each of its runs).</summary>
    public required double ThroughputOpsPerSecond { get; init; }
}
