namespace Plover.Bench.Targets;

/// <summary>The replication modes of a Plover cluster, as <c>plover cluster up --mode</c> names them.</summary>
public static class PloverMode
{
    public const string None = "none";
    public const string Smr = "smr";
    public const string Remus = "remus";
    public const string Vsmr = "vsmr";

    public static readonly IReadOnlyList<string> All = [None, Smr, Remus, Vsmr];

    public static bool IsPloverMode(string mode) => All.Contains(mode);
}
