namespace Plover.Bench.Targets;

/// <summary>Which modes a comparison runs by default, and how to make a target for a mode (or why it cannot run).</summary>
public interface ITargetCatalog
{
    IReadOnlyList<string> DefaultModes { get; }

    Task<TargetAvailability> ResolveAsync(string mode, CancellationToken cancellation);
}
