namespace Plover.Linearizability.Search;

/// <summary>
/// A memoized search configuration: which operations are linearized, and the state they produced.
/// Stored entries own a copy of the bits. A probe borrows the live set instead of copying it, and
/// may view it with one operation's bit toggled (<c>toggled</c> ≥ 0), to look up the configuration
/// without that operation.
/// </summary>
internal readonly struct Configuration<TState>(ulong hash, ulong[]? bits, LinearizedSet? live, int toggled, TState state)
    where TState : IEquatable<TState>
{
    public ulong Hash { get; } = hash;
    public TState State { get; } = state;

    public bool BitsEqual(in Configuration<TState> other)
    {
        int words = bits?.Length ?? live!.WordCount;
        for (int w = 0; w < words; w++)
            if (Word(w) != other.Word(w)) return false;
        return true;
    }

    private ulong Word(int w)
    {
        ulong word = bits is not null ? bits[w] : live!.Bits[w];
        if (toggled >= 0 && toggled >> 6 == w) word ^= 1UL << (toggled & 63);
        return word;
    }
}

internal sealed class ConfigurationComparer<TState> : IEqualityComparer<Configuration<TState>>
    where TState : IEquatable<TState>
{
    public bool Equals(Configuration<TState> x, Configuration<TState> y) =>
        x.Hash == y.Hash && x.State.Equals(y.State) && x.BitsEqual(y);

    public int GetHashCode(Configuration<TState> c) => HashCode.Combine(c.Hash, c.State.GetHashCode());
}
