using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>
/// One epoch's sync at the primary. Each backup's digest is compared with the primary's; equal ends
/// its part at once, different asks for its dirty hashes (or all of them without a shared
/// baseline), and the divergent pages go back as a patch it acknowledges. The round ends when every
/// reachable backup is done, or at its deadline (the first backup's wait, then the stragglers').
/// <para>
/// A takeover round first collects every reachable peer's last sync point; if a peer synced more
/// recently than this host, its state is pulled (all page hashes one way, the differing pages back)
/// before the verdicts, so no output a majority acknowledged is lost to the new primary.
/// </para>
/// </summary>
public sealed class PrimaryRound
{
    private enum Phase { Collect, Pull, Verdicts, Done }

    private readonly PrimarySync owner;
    private readonly Dictionary<uint, PeerRound> peers;
    private readonly SyncPoint syncedBefore;
    private readonly long startedAt;
    private readonly StatePatchAssembler pullParts = new();
    private Phase phase;
    private long phaseStartedAt;
    private long? firstSyncAt;
    private long? firstAnswerAt;
    private uint? pullSource;
    private long pullBytesSent;
    private readonly int pagesDirtied;

    internal PrimaryRound(PrimarySync owner, ulong epoch, EpochSeal seal, ulong logHash, bool takeover, bool pipelined, SyncPoint syncedBefore,
        IEnumerable<uint> peerIds, long now)
    {
        IsPipelined = pipelined;
        this.owner = owner;
        Epoch = epoch;
        Seal = seal;
        pagesDirtied = seal.DirtyPages.Count;
        LogHash = logHash;
        IsTakeover = takeover;
        this.syncedBefore = syncedBefore;
        peers = peerIds.ToDictionary(p => p, p => new PeerRound(p));
        startedAt = phaseStartedAt = now;
        phase = takeover ? Phase.Collect : Phase.Verdicts;
    }

    public ulong Epoch { get; }

    /// <summary>The primary's sealed state (after a pull, the state pulled).</summary>
    public EpochSeal Seal { get; private set; }

    public ulong LogHash { get; }

    public bool IsTakeover { get; }

    /// <summary>The executor does not wait for this round: digests are compared as they come, nothing is repaired in it.</summary>
    public bool IsPipelined { get; }

    /// <summary>For a pipelined round, the pause the executor took (its seal), set by the executor.</summary>
    public long PauseMicroseconds { get; set; }

    public bool IsFinished => phase == Phase.Done;

    /// <summary>A takeover that could not gather a peer's answer or pull its state: the new primary must try again.</summary>
    public bool TakeoverFailed { get; private set; }

    /// <summary>The peer whose state a takeover pulled, if any.</summary>
    public uint? PulledFrom { get; private set; }

    public int PagesPulled { get; private set; }

    /// <summary>Backups that hold this epoch's state now.</summary>
    public int BackupsSynced => peers.Values.Count(p => p.Result is SyncResult.Equal or SyncResult.Repaired);

    /// <summary>Moves the round on by the clock, and says how long the executor may wait for the next message.</summary>
    public TimeSpan Tick()
    {
        Advance();
        return WaitTime();
    }

    /// <summary>How long the executor may wait for the next message before <see cref="Advance"/> must look at the clock.</summary>
    public TimeSpan WaitTime()
    {
        long? deadline = Deadline();
        if (deadline is null) return SyncTimeouts.RecheckInterval;
        TimeSpan left = owner.Time.GetElapsedTime(owner.Time.GetTimestamp(), deadline.Value);
        if (left < TimeSpan.Zero) return TimeSpan.Zero;
        return left < SyncTimeouts.RecheckInterval ? left : SyncTimeouts.RecheckInterval;
    }

    /// <summary>The primary lost its leadership: the round ends with nothing more sent.</summary>
    public void Abandon()
    {
        foreach (PeerRound peer in peers.Values.Where(p => p.Phase != PeerPhase.Done)) peer.Finish(SyncResult.Missed);
        phase = Phase.Done;
    }

    internal void OnDigest(BackupLedger ledger, EpochDigest digest)
    {
        PeerRound peer = peers[ledger.Peer];
        if (peer.Phase != PeerPhase.AwaitDigest) return;
        Invariant.Require(digest.LogHash == LogHash,
            $"node {ledger.Peer} executed a different log up to epoch {Epoch} (log hash {digest.LogHash:x16}, the primary's {LogHash:x16})");
        peer.Digest = digest;
        firstAnswerAt ??= owner.Time.GetTimestamp();
        if (phase == Phase.Verdicts) Verdict(ledger, peer);
    }

    internal void OnHashes(BackupLedger ledger, PageHashes hashes)
    {
        PeerRound peer = peers[ledger.Peer];
        if (peer.Phase != PeerPhase.AwaitHashes || hashes.Pull) return;
        EpochDigest digest = peer.Digest!;
        Dictionary<int, ulong> reported = SyncMessages.ReportedHashes(hashes);
        SyncBaseline? baseline = hashes.AllPages ? null : ledger.Baseline;
        PatchPlan plan = PatchPlan.Diff(owner.State.Hashes, baseline, reported, hashes.AllPages, Seal.Digest, StateDigest.FromWire(digest.StateDigest, digest.Parts));
        IReadOnlyList<StatePatch> parts = StatePatchWriter.Write(Epoch, owner.Ballot, plan, owner.State, Seal, LogHash);
        peer.PagesCompared = plan.PagesCompared;
        peer.PagesSent = plan.Pages.Count;
        foreach (StatePatch part in parts)
        {
            long sent = owner.Send(ledger.Peer, SyncMessages.Wrap(part));
            if (sent == 0)
            {
                peer.Finish(SyncResult.Missed);
                return;
            }
            peer.BytesSent += sent;
        }
        ledger.PatchSent(Epoch, Seal.Digest.Value);
        peer.Phase = PeerPhase.AwaitAck;
    }

    internal void OnAcknowledged(uint from)
    {
        PeerRound peer = peers[from];
        if (peer.Phase != PeerPhase.AwaitAck) return;
        peer.Finish(SyncResult.Repaired);
        firstSyncAt ??= owner.Time.GetTimestamp();
    }

    internal void OnPulledPatch(uint from, StatePatch part)
    {
        if (phase != Phase.Pull || from != pullSource || part.Epoch != Epoch) return;
        IReadOnlyList<StatePatch>? whole;
        try
        {
            whole = pullParts.Add(part);
        }
        catch (PatchFormatException)
        {
            FailTakeover();
            return;
        }
        if (whole is null) return;
        ApplyPulled(from, whole);
    }

    private void ApplyPulled(uint from, IReadOnlyList<StatePatch> whole)
    {
        StatePatch last = whole[^1];
        Invariant.Require(last.LogHash == LogHash, $"node {from} sent state of a different log at epoch {Epoch}");
        EpochSeal pulled = StatePatchApplier.Apply(owner.State, whole);
        Invariant.Require(pulled.Digest.Value == last.StateDigest,
            $"after pulling node {from}'s state at epoch {Epoch} the digest is {pulled.Digest.Value:x16}, node {from} has {last.StateDigest:x16}");
        Seal = pulled;
        PulledFrom = from;
        PagesPulled = whole.Sum(p => p.Pages.Count);
        EnterVerdicts();
    }

    /// <summary>Moves the round on: takes the takeover decision, resolves unreachable peers, applies deadlines.</summary>
    internal void Advance()
    {
        long now = owner.Time.GetTimestamp();
        if (phase == Phase.Collect) AdvanceCollect(now);
        if (phase == Phase.Pull && (Passed(now, phaseStartedAt, owner.Timeouts.PrimaryAnswer) || !owner.IsConnected(pullSource!.Value))) FailTakeover();
        if (phase != Phase.Verdicts) return;
        foreach (PeerRound peer in peers.Values)
            if (peer.Phase != PeerPhase.Done && !owner.IsConnected(peer.Peer)) peer.Finish(SyncResult.Missed);
        if (peers.Values.All(p => p.Phase == PeerPhase.Done) || Deadline() is { } deadline && now >= deadline)
        {
            foreach (PeerRound peer in peers.Values.Where(p => p.Phase != PeerPhase.Done)) peer.Finish(SyncResult.Missed);
            phase = Phase.Done;
        }
    }

    private void AdvanceCollect(long now)
    {
        if (firstAnswerAt is null)
        {
            if (Passed(now, phaseStartedAt, owner.Timeouts.PrimaryAnswer)) FailTakeover();
            return;
        }
        bool allAnswered = peers.Values.All(p => p.Digest is not null || !owner.IsConnected(p.Peer));
        if (allAnswered || Passed(now, firstAnswerAt.Value, owner.Timeouts.Stragglers)) DecideTakeover();
    }

    /// <summary>Pulls from the peer that synced most recently if that is more recent than this host; otherwise keeps its own state.</summary>
    private void DecideTakeover()
    {
        PeerRound? freshest = peers.Values.Where(p => p.Digest is not null)
            .OrderByDescending(p => p.Digest!.LastSyncedEpoch).ThenBy(p => p.Peer).First();
        EpochDigest digest = freshest.Digest!;
        if (digest.LastSyncedEpoch <= syncedBefore.Epoch || digest.StateDigest == Seal.Digest.Value)
        {
            EnterVerdicts();
            return;
        }
        pullSource = freshest.Peer;
        phase = Phase.Pull;
        phaseStartedAt = owner.Time.GetTimestamp();
        PageHashTable table = owner.State.Hashes;
        PageHashes request = SyncMessages.Hashes(Epoch, owner.Ballot, table, Enumerable.Range(0, table.PageCount), allPages: true, pull: true);
        long sent = owner.Send(freshest.Peer, SyncMessages.Wrap(request));
        if (sent == 0) FailTakeover();
        pullBytesSent += sent;
    }

    private void EnterVerdicts()
    {
        phase = Phase.Verdicts;
        phaseStartedAt = owner.Time.GetTimestamp();
        foreach (PeerRound peer in peers.Values.Where(p => p.Digest is not null && p.Phase == PeerPhase.AwaitDigest))
            Verdict(owner.LedgerOf(peer.Peer), peer);
    }

    private void Verdict(BackupLedger ledger, PeerRound peer)
    {
        EpochDigest digest = peer.Digest!;
        EpochVerdict.Types.Kind kind;
        if (digest.StateDigest == Seal.Digest.Value)
        {
            kind = EpochVerdict.Types.Kind.Synced;
            peer.Finish(SyncResult.Equal);
            ledger.SyncedAt(Epoch, IsPipelined ? owner.History.BaselineAt(Epoch, Seal.Digest.Value) : new SyncBaseline(Epoch, Seal.Digest.Value));
            owner.RecordSynced(Epoch, Seal.Digest.Value);
            firstSyncAt ??= owner.Time.GetTimestamp();
        }
        else if (IsPipelined)
        {
            kind = EpochVerdict.Types.Kind.RepairNext;
            ledger.NeedsRepair = true;
            peer.Finish(SyncResult.Diverged);
        }
        else
        {
            bool shared = ledger.Baseline is { } baseline && baseline.Matches(digest.LastSyncedEpoch, digest.LastSyncedDigest);
            kind = shared ? EpochVerdict.Types.Kind.SendDirtyHashes : EpochVerdict.Types.Kind.SendAllHashes;
            peer.HashesRequested = true;
            peer.Phase = PeerPhase.AwaitHashes;
        }
        long sent = owner.Send(ledger.Peer, SyncMessages.Wrap(new EpochVerdict { Epoch = Epoch, PrimaryBallot = owner.Ballot, Kind = kind }));
        peer.BytesSent += sent;
        if (sent == 0 && peer.Phase != PeerPhase.Done) peer.Finish(SyncResult.Missed);
    }

    private void FailTakeover()
    {
        TakeoverFailed = true;
        Abandon();
    }

    private long? Deadline()
    {
        return phase switch
        {
            Phase.Collect => firstAnswerAt is { } first ? Add(first, owner.Timeouts.Stragglers) : Add(phaseStartedAt, owner.Timeouts.PrimaryAnswer),
            Phase.Pull => Add(phaseStartedAt, owner.Timeouts.PrimaryAnswer),
            Phase.Verdicts when IsPipelined => Add(phaseStartedAt, owner.Timeouts.FirstBackup), // nobody waits: give every backup time
            Phase.Verdicts => firstSyncAt is { } synced ? Add(synced, owner.Timeouts.Stragglers) : Add(phaseStartedAt, owner.Timeouts.FirstBackup),
            _ => null,
        };
    }

    private long Add(long timestamp, TimeSpan span) => timestamp + (long)(span.TotalSeconds * owner.Time.TimestampFrequency);

    private bool Passed(long now, long from, TimeSpan span) => now >= Add(from, span);

    /// <summary>The statistics of the finished round.</summary>
    public EpochStatistics Statistics(long pauseMicroseconds, long unixTimeMs)
    {
        Invariant.Require(IsFinished, $"the round of epoch {Epoch} is finished before its statistics are taken");
        return new EpochStatistics
        {
            Epoch = Epoch,
            Role = "primary",
            Takeover = IsTakeover,
            PagesDirtied = pagesDirtied,
            PagesCompared = peers.Values.Sum(p => p.PagesCompared),
            PagesSent = peers.Values.Sum(p => p.PagesSent),
            BytesSent = peers.Values.Sum(p => p.BytesSent) + pullBytesSent,
            HashListsSent = peers.Values.Count(p => p.HashesRequested) + (pullSource is null ? 0 : 1),
            PauseMicroseconds = pauseMicroseconds,
            Digest = Seal.Digest.Value,
            DigestsEqual = true,
            Peers = peers.Values.OrderBy(p => p.Peer).Select(p => p.ToStatistics()).ToArray(),
            UnixTimeMs = unixTimeMs,
        };
    }
}
