namespace Plover.Bench.Targets;

/// <summary>A benchmark target could not be started (or did not start serving); names the target and why.</summary>
public sealed class TargetStartException(string target, string message, Exception? inner = null)
    : Exception($"{target} did not start: {message}", inner)
{
    public string Target { get; } = target;
}

/// <summary>A benchmark target did not stop cleanly (it had crashed, ignored the stop, or exited with an error).</summary>
public sealed class TargetStopException(string target, string message) : Exception($"{target} did not stop cleanly: {message}")
{
    public string Target { get; } = target;
}
