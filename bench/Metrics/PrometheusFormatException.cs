namespace Plover.Bench.Metrics;

/// <summary>Text that is not the Prometheus exposition format, or metrics that break the bench's contract.</summary>
public sealed class PrometheusFormatException(string source, int line, string message)
    : Exception(line > 0 ? $"{source} line {line}: {message}" : $"{source}: {message}")
{
    public string Origin { get; } = source;
    public int Line { get; } = line;
}
