namespace Plover.Sandbox.Wasi;

/// <summary>
/// Checks that stay on in Release builds: a broken invariant of the library OS is a bug in
/// Plover, reported at once rather than turned into a wrong answer for the guest.
/// </summary>
internal static class Invariant
{
    public static void Require(bool condition, string what)
    {
        if (!condition) throw new InvariantViolationException(what);
    }
}

/// <summary>An internal invariant of the library OS does not hold.</summary>
public sealed class InvariantViolationException(string what) : Exception($"WASI library OS invariant broken: {what}");
