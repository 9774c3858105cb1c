namespace Plover.Consensus.Storage;

/// <summary>
/// The store holds a record it cannot trust: a CRC mismatch, a bad length, an undecodable value, a
/// missing committed slot, or damaged metadata. The node must not start (and so must not vote) on
/// such a store; it has to be rebuilt from its peers.
/// </summary>
public sealed class LogCorruptionException : Exception
{
    public LogCorruptionException(string store, ulong? slot, string problem)
        : base(slot is { } s ? $"log store {store}: slot {s} is corrupt: {problem}" : $"log store {store} is corrupt: {problem}")
    {
        Store = store;
        Slot = slot;
        Problem = problem;
    }

    public string Store { get; }

    /// <summary>The slot whose record is bad, or null for damaged metadata.</summary>
    public ulong? Slot { get; }

    public string Problem { get; }
}

/// <summary>The store was created for another cluster or node: opening it would mix two logs.</summary>
public sealed class StoreIdentityMismatchException(string store, StoreIdentity expected, StoreIdentity found)
    : Exception($"log store {store} belongs to cluster '{found.ClusterId}' node {found.NodeId}, not cluster '{expected.ClusterId}' node {expected.NodeId}")
{
    public StoreIdentity Expected { get; } = expected;
    public StoreIdentity Found { get; } = found;
}

/// <summary>The store was written in a format version this build does not know (a newer Plover wrote it).</summary>
public sealed class StoreFormatException(string store, uint found, uint supported)
    : Exception($"log store {store} has format version {found}; this build reads version {supported} only")
{
    public uint Found { get; } = found;
    public uint Supported { get; } = supported;
}
