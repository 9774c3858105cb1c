namespace Plover.Bench.Compare;

/// <summary>A whole comparison: how it was run and each mode's outcome, in the order the modes were named.</summary>
public sealed record CompareReport(ComparisonOptions Options, string Driver, DateTimeOffset Started, TimeSpan Elapsed, int Processors, IReadOnlyList<ModeResult> Modes)
{
    public ModeResult? Find(string mode) => Modes.FirstOrDefault(m => m.Mode == mode);

    public bool AnyFailed => Modes.Any(m => m.Status == ModeStatus.Failed);
}
