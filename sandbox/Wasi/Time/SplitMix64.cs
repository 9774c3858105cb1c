namespace Plover.Sandbox.Wasi.Time;

/// <summary>
/// Vigna's SplitMix64: a 64-bit counter through a mixing function. Used only to expand one
/// event seed into the 256-bit state of <see cref="Xoshiro256StarStar"/>, as its authors advise.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
