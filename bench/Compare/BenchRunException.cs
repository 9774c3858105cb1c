namespace Plover.Bench.Compare;

/// <summary>A run that completed but cannot be reported: errors from the server, or no request measured.</summary>
public sealed class BenchRunException(string mode, int run, string message) : Exception($"{mode} run {run}: {message}");
