namespace Plover.Consensus.Storage;

/// <summary>
/// Durable storage for one node's consensus state, used only by the host (the node itself does no
/// I/O). Every failure to write or sync is fatal: the host must stop, because what is on disk after
/// a failed sync is unknowable. A record that fails its checks raises
/// <see cref="LogCorruptionException"/>, and the node must not start on that store.
/// </summary>
public interface ILogStore : IDisposable
{
    StoreIdentity Identity { get; }

    /// <summary>The state to build a <see cref="PaxosNode"/> from, every record checked.</summary>
    DurableState Load();

    /// <summary>Writes <paramref name="batch"/> atomically; when it says Sync, returns only once it is on stable storage.</summary>
    void Persist(PersistBatch batch);

    /// <summary>The entries held for slots in [<paramref name="fromSlot"/>, <paramref name="toSlot"/>], skipping holes.</summary>
    IReadOnlyList<LogEntry> ReadEntries(ulong fromSlot, ulong toSlot);

    /// <summary>The engine's value for <paramref name="key"/>, or null.</summary>
    byte[]? ReadEngineValue(ReadOnlySpan<byte> key);

    /// <summary>The engine's keys starting with <paramref name="prefix"/>, in key order.</summary>
    IReadOnlyList<KeyValuePair<byte[], byte[]>> ReadEngineValues(ReadOnlySpan<byte> prefix);
}
