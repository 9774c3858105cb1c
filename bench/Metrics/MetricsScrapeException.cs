namespace Plover.Bench.Metrics;

/// <summary>A node's metrics endpoint could not be read (refused, timed out, not HTTP 200).</summary>
public sealed class MetricsScrapeException(Uri url, string message, Exception? inner = null)
    : Exception($"{url}: {message}", inner)
{
    public Uri Url { get; } = url;
}
