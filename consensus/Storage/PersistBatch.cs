namespace Plover.Consensus.Storage;

/// <summary>A key the engine stores next to the log (checkpoints, epoch statistics); a null value deletes it.</summary>
public readonly record struct EngineWrite(byte[] Key, byte[]? Value);

/// <summary>
/// Everything one persist step writes, atomically: the hard state (a raised first slot also drops
/// the log below it), the entries, and the engine's own keys, which thereby commit together with the
/// consensus state (e.g. a checkpoint and the truncation it allows).
/// </summary>
public sealed record PersistBatch(HardState? HardState, IReadOnlyList<LogEntry> Entries, bool Sync, IReadOnlyList<EngineWrite> EngineWrites)
{
    /// <summary>The writes of <paramref name="ready"/>, plus the host's own keys to commit with them.</summary>
    public static PersistBatch From(Ready ready, IReadOnlyList<EngineWrite>? engineWrites = null)
    {
        ArgumentNullException.ThrowIfNull(ready);
        return new PersistBatch(ready.HardState, ready.Entries, ready.MustSync, engineWrites ?? []);
    }

    public bool IsEmpty => HardState is null && Entries.Count == 0 && EngineWrites.Count == 0;
}
