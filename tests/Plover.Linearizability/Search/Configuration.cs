namespace Plover.Linearizability.Search;

/// <summary>
/// A memoized search configuration: which operations are linearized, and the state they produced.
/// Stored entries own a copy of the bits; a probe borrows the live set to avoid copying it for
/// lookups that hit.
/// </summary>
internal readonly struct Configuration<TState>(ulong hash, ulong[]? bits, LinearizedSet? live, TState state)
    where TState : IEquatable<TState>
{
    public ulong Hash { get; } = hash;
    public TState State { get; } = state;
    public ReadOnlySpan<ulong> Bits => bits ?? live!.Bits;
}

internal sealed class ConfigurationComparer<TState> : IEqualityComparer<Configuration<TState>>
    where TState : IEquatable<TState>
{
    public bool Equals(Configuration<TState> x, Configuration<TState> y) =>
        x.Hash == y.Hash && x.Bits.SequenceEqual(y.Bits) && x.State.Equals(y.State);

    public int GetHashCode(Configuration<TState> c) => HashCode.Combine(c.Hash, c.State.GetHashCode());
}
