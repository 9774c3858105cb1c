namespace Plover.Linearizability.Search;

/// <summary>
/// The set of operations linearized so far, as a bit set with an incrementally maintained
/// Zobrist hash (one fixed pseudo-random word per operation, XORed in and out), so memoizing
/// (set, state) pairs costs O(1) to hash.
/// </summary>
internal sealed class LinearizedSet
{
    private readonly ulong[] _bits;
    private readonly ulong[] _keys;

    public LinearizedSet(int operations)
    {
        _bits = new ulong[(operations + 63) / 64];
        _keys = new ulong[operations];
        ulong seed = 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < operations; i++) _keys[i] = SplitMix64(ref seed);
    }

    public ulong Hash { get; private set; }
    public int Count { get; private set; }
    public int WordCount => _bits.Length;

    public void Add(int op)
    {
        ulong mask = 1UL << (op & 63);
        if ((_bits[op >> 6] & mask) != 0) throw new InvalidOperationException($"operation {op} is already linearized");
        _bits[op >> 6] |= mask;
        Hash ^= _keys[op];
        Count++;
    }

    public void Remove(int op)
    {
        ulong mask = 1UL << (op & 63);
        if ((_bits[op >> 6] & mask) == 0) throw new InvalidOperationException($"operation {op} is not linearized");
        _bits[op >> 6] &= ~mask;
        Hash ^= _keys[op];
        Count--;
    }

    public bool Contains(int op) => (_bits[op >> 6] & (1UL << (op & 63))) != 0;

    /// <summary>The hash the set would have with <paramref name="op"/> toggled.</summary>
    public ulong HashToggling(int op) => Hash ^ _keys[op];

    public ReadOnlySpan<ulong> Bits => _bits;

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
