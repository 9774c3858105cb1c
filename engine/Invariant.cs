namespace Plover.Engine;

/// <summary>
/// Checks that stay on in Release: a broken invariant means the engine is wrong, and going on
/// would risk handing clients state no majority holds.
/// </summary>
public static class Invariant
{
    public static void Require(bool condition, string what)
    {
        if (!condition) throw new InvariantViolationException(what);
    }
}

/// <summary>An engine invariant failed: names what should have held.</summary>
public sealed class InvariantViolationException(string what) : Exception($"engine invariant violated: {what}");
