using System.Buffers.Binary;
using System.Numerics;

namespace Plover.Sandbox.Wasi.Time;

/// <summary>
/// Blackman and Vigna's xoshiro256**: the deterministic mode's random source. Its whole state is
/// four words, so it is captured and restored exactly with the rest of the library OS.
/// </summary>
public struct Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0) throw new ArgumentException("xoshiro256** state must not be all zero");
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The generator keyed by one 64-bit seed, expanded with SplitMix64.</summary>
    public static Xoshiro256StarStar FromSeed(ulong seed)
    {
        var expander = new SplitMix64(seed);
        // SplitMix64 never yields four zero words in a row, so the state is valid.
        return new Xoshiro256StarStar(expander.Next(), expander.Next(), expander.Next(), expander.Next());
    }

    public readonly (ulong S0, ulong S1, ulong S2, ulong S3) State => (_s0, _s1, _s2, _s3);

    public ulong Next()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Fills the bytes from successive outputs, little-endian; a partial last word is dropped.</summary>
    public void Fill(Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[8];
        while (destination.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, Next());
            destination = destination[8..];
        }
        if (destination.IsEmpty) return;
        BinaryPrimitives.WriteUInt64LittleEndian(word, Next());
        word[..destination.Length].CopyTo(destination);
    }
}
