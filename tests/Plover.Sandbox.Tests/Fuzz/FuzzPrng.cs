namespace Plover.Sandbox.Tests.Fuzz;

/// <summary>SplitMix64: the fuzzers' own seeded generator, so a seed replays the same mutations on any runtime.</summary>
internal sealed class FuzzPrng(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, bound).</summary>
    public int Below(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "the bound must be positive");
        return (int)(Next() % (ulong)bound);
    }
}
