namespace Plover.Faults;

/// <summary>SplitMix64, the harness's own generator: a seed gives the same fault schedule and workload choices on any runtime.</summary>
public sealed class FaultPrng(ulong seed)
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

    /// <summary>A number in [min, max].</summary>
    public int Between(int min, int max) => min + Below(max - min + 1);

    /// <summary>A generator for a sub-task (a client, the schedule) whose draws do not disturb this one's sequence.</summary>
    public FaultPrng Fork(ulong stream) => new(Next() ^ (stream * 0xD1B54A32D192ED03UL));
}
