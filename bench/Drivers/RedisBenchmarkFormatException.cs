namespace Plover.Bench.Drivers;

/// <summary>redis-benchmark printed CSV this parser cannot read; names the line and what is wrong.</summary>
public sealed class RedisBenchmarkFormatException(int line, string message) : Exception($"redis-benchmark CSV line {line}: {message}")
{
    public int Line { get; } = line;
}
