namespace Plover.Bench.Load;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the load generator's only source of randomness, so the
/// same seed draws the same keys and the same read/write sequence on every run.
/// </summary>
public sealed class SeededRandom
{
    private ulong s0, s1, s2, s3;

    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
        Invariant.Check((s0 | s1 | s2 | s3) != 0, "xoshiro state is not all zero");
    }

    /// <summary>A generator for stream <paramref name="stream"/> of <paramref name="seed"/> (one per connection).</summary>
    public static SeededRandom ForStream(ulong seed, int stream)
    {
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(stream + 1));
        return new SeededRandom(SplitMix(ref x));
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's method).</summary>
    public ulong NextBelow(ulong bound)
    {
        if (bound == 0) throw new ArgumentOutOfRangeException(nameof(bound), "the bound must be positive");
        UInt128 product = (UInt128)NextUInt64() * bound;
        ulong low = (ulong)product;
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * bound;
                low = (ulong)product;
            }
        }
        return (ulong)(product >> 64);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
