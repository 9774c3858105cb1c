namespace Plover.Bench.Targets;

/// <summary>Whether a mode can run here: a way to make a fresh target for each run, or the reason it cannot.</summary>
public sealed record TargetAvailability(string Mode, Func<IBenchTarget>? Create, string? Reason)
{
    public bool Available => Create is not null;

    public static TargetAvailability Of(string mode, Func<IBenchTarget> create) => new(mode, create, null);

    public static TargetAvailability Skipped(string mode, string reason) => new(mode, null, reason);
}
