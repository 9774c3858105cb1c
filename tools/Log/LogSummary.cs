using Plover.Consensus;

namespace Plover.Cli.Log;

/// <summary>A group of the engine's keys (by the text before the first '/'), e.g. epoch statistics or checkpoints.</summary>
public sealed record EngineKeyGroup(string Prefix, long Keys, long Bytes);

/// <summary>
/// What <c>plover log inspect</c> shows first: identity and metadata, the slots held (first,
/// committed, last), what the entries are, the epochs (boundaries in the log and statistics
/// records), the engine's other keys (checkpoints among them) and the store's size.
/// </summary>
public sealed record LogSummary
{
    public required string StorePath { get; init; }
    public required StoreMetadata Metadata { get; init; }
    public required StoreSize Size { get; init; }
    public ulong SlotsHeld { get; init; }
    public ulong? LastSlot { get; init; }
    public ulong NoOps { get; init; }
    public ulong Proposals { get; init; }
    public ulong UnreadableRecords { get; init; }
    public ulong MissingCommittedSlots { get; init; }
    public Ballot HighestAccepted { get; init; }
    public required IReadOnlyDictionary<string, ulong> EntriesByKind { get; init; }
    public ulong DataBytes { get; init; }
    public ulong Connections { get; init; }
    public ulong EpochEnds { get; init; }
    public ulong Takeovers { get; init; }

    /// <summary>The last epoch whose boundary is committed, when the log starts at slot 1 (else unknown).</summary>
    public ulong? LastCommittedEpoch { get; init; }
    public long? FirstLeaderTimestampNs { get; init; }
    public long? LastLeaderTimestampNs { get; init; }
    public required IReadOnlyList<EpochRecord> EpochRecords { get; init; }
    public required IReadOnlyList<EngineKeyGroup> EngineKeys { get; init; }

    /// <summary>Engine keys under the <c>checkpoint</c> prefix, shown as checkpoints without decoding them.</summary>
    public EngineKeyGroup? Checkpoints => EngineKeys.FirstOrDefault(g => g.Prefix == CheckpointPrefix);

    public const string CheckpointPrefix = "checkpoint";
}
