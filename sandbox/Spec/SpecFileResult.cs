namespace Plover.Sandbox.Spec;

/// <summary>The outcome of one .wast script: counts, and a line per failure and per skip reason.</summary>
public sealed class SpecFileResult(string name)
{
    public string Name { get; } = name;
    public int Passed { get; set; }
    public int Failed => Failures.Count;
    public int Skipped => Skips.Values.Sum();
    public List<string> Failures { get; } = [];

    /// <summary>Skipped commands by reason.</summary>
    public SortedDictionary<string, int> Skips { get; } = new(StringComparer.Ordinal);

    public void Skip(string reason) => Skips[reason] = Skips.GetValueOrDefault(reason) + 1;

    public override string ToString() => $"{Name}: {Passed} passed, {Failed} failed, {Skipped} skipped";
}
