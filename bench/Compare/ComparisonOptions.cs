using Plover.Bench.Load;

namespace Plover.Bench.Compare;

/// <summary>What `plover bench compare` runs: the load (the same for every mode), how many runs per mode, which modes.</summary>
public sealed record ComparisonOptions
{
    public const int RunsMax = 100;

    /// <summary>The load for every run; its endpoints are ignored (each target supplies its own).</summary>
    public LoadOptions Load { get; init; } = new() { Endpoints = [] };

    public int Runs { get; init; } = 3;

    /// <summary>The modes in report order, or null for the catalog's default for the workload.</summary>
    public IReadOnlyList<string>? Modes { get; init; }

    public void Validate()
    {
        if (Runs < 1 || Runs > RunsMax) throw new ArgumentOutOfRangeException(nameof(Runs), Runs, $"1 to {RunsMax} runs per mode");
        if (Modes is { Count: 0 }) throw new ArgumentException("an empty list of modes compares nothing", nameof(Modes));
        if (Modes is not null && Modes.Distinct().Count() != Modes.Count) throw new ArgumentException($"a mode is named twice in {string.Join(",", Modes)}", nameof(Modes));
        LoadGenerator.ValidateSettings(Load);
    }
}
