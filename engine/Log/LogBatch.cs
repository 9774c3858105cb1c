namespace Plover.Engine.Log;

/// <summary>
/// What the primary proposes as one consensus payload: entries in order, stamped with the
/// leader's clock and a random seed. In deterministic mode the guest's clock and randomness come
/// from these two values, so every host computes the same thing.
/// </summary>
public sealed record LogBatch(long LeaderTimestampNs, ulong RandomSeed, IReadOnlyList<LogEntry> Entries)
{
    public bool Equals(LogBatch? other) =>
        other is not null
        && LeaderTimestampNs == other.LeaderTimestampNs
        && RandomSeed == other.RandomSeed
        && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => HashCode.Combine(LeaderTimestampNs, RandomSeed, Entries.Count);
}
