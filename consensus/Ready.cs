namespace Plover.Consensus;

/// <summary>
/// A batch of work for the host, taken with <see cref="PaxosNode.Ready"/> and acknowledged with
/// <see cref="PaxosNode.Advance"/>. The host must, in this order:
/// <list type="number">
/// <item>persist <see cref="HardState"/> and <see cref="Entries"/> (and, for a snapshot, the
/// snapshot itself) in one atomic write, synced when <see cref="MustSync"/> is set;</item>
/// <item>install <see cref="Snapshot"/> if present;</item>
/// <item>send <see cref="Messages"/> (never before step 1: a promise or an accepted reply promises
/// durability); <see cref="EarlyMessages"/> may go out before step 1, or while it runs;</item>
/// <item>apply <see cref="CommittedEntries"/> in order;</item>
/// <item>answer <see cref="SnapshotRequests"/> with <see cref="PaxosNode.SendSnapshot"/> when it can,
/// react to <see cref="SoftState"/>, and call <see cref="PaxosNode.Advance"/>.</item>
/// </list>
/// A storage error in step 1 is fatal: the host must stop, not retry.
/// </summary>
public sealed class Ready
{
    internal Ready(ulong sequence) => Sequence = sequence;

    internal ulong Sequence { get; }

    /// <summary>The promise, commit and first slot to persist, or null when unchanged.</summary>
    public HardState? HardState { get; internal init; }

    /// <summary>Entries to write (each replaces whatever its slot held), in slot order.</summary>
    public IReadOnlyList<LogEntry> Entries { get; internal init; } = [];

    /// <summary>
    /// True when the write must be synced before any message goes out (a new promise, new entries,
    /// a snapshot). A write of only a commit or first-slot change may go unsynced: losing it loses
    /// nothing that was promised.
    /// </summary>
    public bool MustSync { get; internal init; }

    /// <summary>Messages to send after the write is durable.</summary>
    public IReadOnlyList<OutboundMessage> Messages { get; internal init; } = [];

    /// <summary>
    /// Messages that may be sent at once, before or while the write is made durable: a leader's
    /// accepts and heartbeats in a ballot whose promise is already durable. They promise nothing
    /// about this node's store, so the leader writes its log in parallel with its followers (Raft
    /// thesis 10.2.1); it counts its own copy of the entries toward a majority only at
    /// <see cref="PaxosNode.Advance"/>, once the write is durable.
    /// </summary>
    public IReadOnlyList<OutboundMessage> EarlyMessages { get; internal init; } = [];

    /// <summary>Newly chosen proposals to apply, in slot order; one per proposal, one per no-op slot.</summary>
    public IReadOnlyList<CommittedEntry> CommittedEntries { get; internal init; } = [];

    /// <summary>A snapshot from the leader to install (the log continues after its slot), or null.</summary>
    public SnapshotInstall? Snapshot { get; internal init; }

    /// <summary>
    /// Followers that need slots this leader truncated: the host should call
    /// <see cref="PaxosNode.SendSnapshot"/> for each with its latest checkpoint.
    /// </summary>
    public IReadOnlyList<int> SnapshotRequests { get; internal init; } = [];

    /// <summary>Role and leader, present only when they changed since the previous Ready.</summary>
    public SoftState? SoftState { get; internal init; }

    /// <summary>
    /// Proposals queued at this node when it lost leadership; they were never placed in a slot and
    /// will not commit. (Proposals already placed in a slot may still commit under a new leader.)
    /// </summary>
    public IReadOnlyList<byte[]> DroppedProposals { get; internal init; } = [];

    /// <summary>True when there is nothing to persist (the host may skip the store write).</summary>
    public bool HasNothingToPersist => HardState is null && Entries.Count == 0 && Snapshot is null;

    // What the leader's own store holds once this Ready is durable: its proposals of this ballot up to here.
    internal Ballot LeaderBallot { get; init; }

    internal ulong LeaderAppendedThrough { get; init; }
}
