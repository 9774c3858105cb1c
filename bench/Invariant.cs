namespace Plover.Bench;

/// <summary>
/// An internal consistency check that stays on in Release builds: a benchmark that silently
/// miscounts is worse than one that stops.
/// </summary>
internal static class Invariant
{
    public static void Check(bool condition, string what)
    {
        if (!condition) throw new InvariantViolationException(what);
    }
}

/// <summary>A broken internal invariant of the benchmark harness (a bug in Plover.Bench).</summary>
public sealed class InvariantViolationException(string what) : Exception($"benchmark invariant violated: {what}");
