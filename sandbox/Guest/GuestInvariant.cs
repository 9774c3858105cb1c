namespace Plover.Sandbox.Guest;

/// <summary>Checks on the machine's own bookkeeping that stay on in Release builds.</summary>
internal static class GuestInvariant
{
    public static void Require(bool condition, string what)
    {
        if (!condition) throw new GuestInvariantException(what);
    }
}

/// <summary>An invariant of the guest machine does not hold: a bug in Plover, not in the guest.</summary>
public sealed class GuestInvariantException(string what) : Exception($"Plover guest machine invariant broken: {what}");
