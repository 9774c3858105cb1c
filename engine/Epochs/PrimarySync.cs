using Google.Protobuf;
using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>
/// The primary's side of the epoch sync, for one leadership (one ballot). At each epoch boundary
/// the executor begins a round with the sealed state; backups' digests, hashes and acks are handed
/// to <see cref="Handle"/> whenever they arrive (during a round or not: early digests wait for their
/// epoch, late ones are told Behind, late acks still count). <see cref="HighestSyncedEpoch"/> is the
/// newest epoch a backup holds too: outputs up to it may be released.
/// <para>
/// Pipelined rounds (deterministic guests, where digests agree): the primary does not wait. The
/// round stays open while the executor goes on; an equal digest syncs the backup (its baseline
/// rebuilt from the seals kept since), a different one tells it to stop at its next epoch, where
/// the primary waits for it and repairs it by page hashes as usual.
/// </para>
/// </summary>
public sealed class PrimarySync
{
    private readonly uint self;
    private readonly ISyncLink link;
    private readonly GuestStateTracker state;
    private readonly SyncTimeouts timeouts;
    private readonly TimeProvider time;
    private readonly Dictionary<uint, BackupLedger> ledgers;
    private readonly List<PrimaryRound> open = [];
    private readonly Queue<EpochStatistics> finished = new();
    private PrimaryRound? round;

    /// <param name="pipelined">Whether rounds may be pipelined (the guest is deterministic, so digests are expected to agree).</param>
    public PrimarySync(uint self, ulong ballot, ISyncLink link, GuestStateTracker state, SyncTimeouts timeouts, TimeProvider time, bool pipelined = false)
    {
        Pipelined = pipelined;
        this.self = self;
        Ballot = ballot;
        this.link = link;
        this.state = state;
        this.timeouts = timeouts;
        this.time = time;
        ledgers = link.Peers.ToDictionary(p => p, p => new BackupLedger(p));
    }

    public ulong Ballot { get; }

    public bool Pipelined { get; }

    /// <summary>The seals of recent epochs (for baselines of syncs found after the fact).</summary>
    internal SealHistory History { get; } = new();

    /// <summary>The newest epoch whose state a backup acknowledged holding (0: none yet).</summary>
    public ulong HighestSyncedEpoch { get; private set; }

    /// <summary>The digest the primary had at <see cref="HighestSyncedEpoch"/>.</summary>
    public ulong HighestSyncedDigest { get; private set; }

    /// <summary>The newest epoch a round was begun for.</summary>
    public ulong CurrentEpoch { get; private set; }

    public PrimaryRound? Round => round;

    /// <summary>Starts the round of <paramref name="epoch"/> (the guest is blocked and its state sealed).</summary>
    /// <param name="syncedBefore">This host's last sync point, which a takeover compares with the peers'.</param>
    public PrimaryRound Begin(ulong epoch, EpochSeal seal, ulong logHash, bool takeover, SyncPoint syncedBefore)
    {
        Invariant.Require(round is null || round.IsFinished || round.IsPipelined, $"epoch {epoch} begins while the round of epoch {round?.Epoch} is still open");
        Invariant.Require(epoch > CurrentEpoch, $"epochs only move forward (epoch {epoch} after {CurrentEpoch})");
        CurrentEpoch = epoch;
        foreach (BackupLedger ledger in ledgers.Values) ledger.Record(seal);
        History.Add(epoch, seal, logHash);
        bool pipelined = Pipelined && !takeover && ledgers.Values.All(l => !l.NeedsRepair);
        round = new PrimaryRound(this, epoch, seal, logHash, takeover, pipelined, syncedBefore, link.Peers, time.GetTimestamp());
        if (pipelined) open.Add(round);
        foreach (BackupLedger ledger in ledgers.Values)
        {
            if (ledger.EarlyDigest is { } early && early.Epoch == epoch) round.OnDigest(ledger, early);
            ledger.EarlyDigest = null;
        }
        round.Advance();
        return round;
    }

    /// <summary>Whether pipelined rounds are still open (they need the clock to finish).</summary>
    public bool HasOpenRounds => open.Count > 0;

    /// <summary>Moves pipelined rounds on by the clock; finished ones leave their statistics for <see cref="TakeFinished"/>.</summary>
    public void Tick()
    {
        foreach (PrimaryRound pending in open) pending.Advance();
        CollectFinished();
    }

    /// <summary>Statistics of pipelined rounds that finished since the last call.</summary>
    public IReadOnlyList<EpochStatistics> TakeFinished()
    {
        var taken = finished.ToArray();
        finished.Clear();
        return taken;
    }

    private void CollectFinished()
    {
        for (int i = 0; i < open.Count; i++)
        {
            if (!open[i].IsFinished) continue;
            finished.Enqueue(open[i].Statistics(open[i].PauseMicroseconds, time.GetUtcNow().ToUnixTimeMilliseconds()));
            open.RemoveAt(i--);
        }
    }

    private PrimaryRound? OpenRound(ulong epoch)
    {
        if (round is { IsFinished: false } current && current.Epoch == epoch) return current;
        foreach (PrimaryRound pending in open)
            if (pending.Epoch == epoch && !pending.IsFinished) return pending;
        return null;
    }

    /// <summary>Handles a sync message from a backup; messages for another primary are ignored.</summary>
    public void Handle(uint from, Envelope message)
    {
        if (!ledgers.TryGetValue(from, out BackupLedger? ledger) || SyncMessages.BallotOf(message) != Ballot) return;
        switch (message.KindCase)
        {
            case Envelope.KindOneofCase.EpochDigest: OnDigest(ledger, message.EpochDigest); break;
            case Envelope.KindOneofCase.PageHashes: OnHashes(ledger, message.PageHashes); break;
            case Envelope.KindOneofCase.EpochAck: OnAck(ledger, message.EpochAck); break;
            case Envelope.KindOneofCase.StatePatch: round?.OnPulledPatch(from, message.StatePatch); break;
        }
        round?.Advance();
        Tick();
    }

    private void OnDigest(BackupLedger ledger, EpochDigest digest)
    {
        if (OpenRound(digest.Epoch) is { } open) open.OnDigest(ledger, digest);
        else if (digest.Epoch > CurrentEpoch) ledger.EarlyDigest = digest;
        else if (!SyncLate(ledger, digest)) TellBehind(ledger.Peer, digest.Epoch);
    }

    /// <summary>
    /// A digest for an epoch whose round is over: if it equals what the primary had then, the backup
    /// held that state, and (the seals since being kept) it is synced there after all.
    /// </summary>
    private bool SyncLate(BackupLedger ledger, EpochDigest digest)
    {
        if (!Pipelined || History.At(digest.Epoch) is not { } then || then.Digest != digest.StateDigest) return false;
        Invariant.Require(digest.LogHash == then.LogHash,
            $"node {ledger.Peer} executed a different log up to epoch {digest.Epoch} (log hash {digest.LogHash:x16}, the primary's {then.LogHash:x16})");
        ledger.SyncedAt(digest.Epoch, History.BaselineAt(digest.Epoch, digest.StateDigest));
        RecordSynced(digest.Epoch, digest.StateDigest);
        Send(ledger.Peer, SyncMessages.Wrap(new EpochVerdict { Epoch = digest.Epoch, PrimaryBallot = Ballot, Kind = EpochVerdict.Types.Kind.Synced }));
        return true;
    }

    private void OnHashes(BackupLedger ledger, PageHashes hashes)
    {
        if (OpenRound(hashes.Epoch) is { IsPipelined: false } open) open.OnHashes(ledger, hashes);
        else TellBehind(ledger.Peer, hashes.Epoch);
    }

    private void OnAck(BackupLedger ledger, EpochAck ack)
    {
        if (!ledger.Acknowledged(ack.Epoch, ack.StateDigest)) return;
        if (OpenRound(ack.Epoch) is { } open) open.OnAcknowledged(ledger.Peer);
        RecordSynced(ack.Epoch, ack.StateDigest);
    }

    internal void RecordSynced(ulong epoch, ulong digest)
    {
        if (epoch <= HighestSyncedEpoch) return;
        HighestSyncedEpoch = epoch;
        HighestSyncedDigest = digest;
    }

    internal long TellBehind(uint peer, ulong epoch) =>
        Send(peer, SyncMessages.Wrap(new EpochVerdict { Epoch = epoch, PrimaryBallot = Ballot, Kind = EpochVerdict.Types.Kind.Behind, PrimaryEpoch = CurrentEpoch }));

    /// <summary>Sends and returns the bytes sent (0 when the peer's queue refused it).</summary>
    internal long Send(uint peer, Envelope message) => link.Send(peer, message) ? message.CalculateSize() : 0;

    internal bool IsConnected(uint peer) => link.IsConnected(peer);

    internal BackupLedger LedgerOf(uint peer) => ledgers[peer];

    internal GuestStateTracker State => state;

    internal SyncTimeouts Timeouts => timeouts;

    internal TimeProvider Time => time;

    internal uint Self => self;
}
