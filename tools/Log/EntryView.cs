using Plover.Consensus;

namespace Plover.Cli.Log;

/// <summary>The kinds an inspected entry can have: the engine's five, a slot's no-op, and a record that could not be read.</summary>
public static class EntryKinds
{
    public const string Connect = "connect";
    public const string Data = "data";
    public const string Close = "close";
    public const string EpochEnd = "epoch-end";
    public const string Takeover = "takeover";
    public const string NoOp = "no-op";
    /// <summary>A batch without entries: the leader moved the log's clock (deterministic mode) with nothing else to say.</summary>
    public const string EmptyBatch = "empty-batch";
    public const string Unreadable = "unreadable";
}

/// <summary>
/// One log entry as the inspector shows it: where it is (slot, proposal, position), the epoch it
/// belongs to (null when the log no longer starts at slot 1, so boundaries before it are unknown),
/// whether its slot is committed, the batch's leader timestamp and seed, and the entry itself.
/// <see cref="Argument"/> is the epoch hint of an epoch end or the ballot of a takeover.
/// </summary>
public sealed record EntryView(
    ulong Slot,
    Ballot Ballot,
    bool Committed,
    int Proposal,
    int Position,
    ulong? Epoch,
    long? LeaderTimestampNs,
    ulong? Seed,
    string Kind,
    ulong? Connection,
    ulong? Argument,
    ReadOnlyMemory<byte> Bytes,
    string? Problem);
