using Google.Protobuf;
using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>
/// The primary's side of the epoch sync, for one leadership (one ballot). At each epoch boundary
/// the executor begins a round with the sealed state; backups' digests, hashes and acks are handed
/// to <see cref="Handle"/> whenever they arrive (during a round or not: early digests wait for their
/// epoch, late ones are told Behind, late acks still count). <see cref="HighestSyncedEpoch"/> is the
/// newest epoch a backup holds too: outputs up to it may be released.
/// </summary>
public sealed class PrimarySync
{
    private readonly uint self;
    private readonly ISyncLink link;
    private readonly GuestStateTracker state;
    private readonly SyncTimeouts timeouts;
    private readonly TimeProvider time;
    private readonly Dictionary<uint, BackupLedger> ledgers;
    private PrimaryRound? round;

    public PrimarySync(uint self, ulong ballot, ISyncLink link, GuestStateTracker state, SyncTimeouts timeouts, TimeProvider time)
    {
        this.self = self;
        Ballot = ballot;
        this.link = link;
        this.state = state;
        this.timeouts = timeouts;
        this.time = time;
        ledgers = link.Peers.ToDictionary(p => p, p => new BackupLedger(p));
    }

    public ulong Ballot { get; }

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
        Invariant.Require(round is null || round.IsFinished, $"epoch {epoch} begins while the round of epoch {round?.Epoch} is still open");
        Invariant.Require(epoch > CurrentEpoch, $"epochs only move forward (epoch {epoch} after {CurrentEpoch})");
        CurrentEpoch = epoch;
        foreach (BackupLedger ledger in ledgers.Values) ledger.Record(seal);
        round = new PrimaryRound(this, epoch, seal, logHash, takeover, syncedBefore, link.Peers, time.GetTimestamp());
        foreach (BackupLedger ledger in ledgers.Values)
        {
            if (ledger.EarlyDigest is { } early && early.Epoch == epoch) round.OnDigest(ledger, early);
            ledger.EarlyDigest = null;
        }
        round.Advance();
        return round;
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
    }

    private void OnDigest(BackupLedger ledger, EpochDigest digest)
    {
        if (round is { IsFinished: false } open && digest.Epoch == open.Epoch) open.OnDigest(ledger, digest);
        else if (digest.Epoch > CurrentEpoch) ledger.EarlyDigest = digest;
        else TellBehind(ledger.Peer, digest.Epoch);
    }

    private void OnHashes(BackupLedger ledger, PageHashes hashes)
    {
        if (round is { IsFinished: false } open && hashes.Epoch == open.Epoch) open.OnHashes(ledger, hashes);
        else TellBehind(ledger.Peer, hashes.Epoch);
    }

    private void OnAck(BackupLedger ledger, EpochAck ack)
    {
        if (!ledger.Acknowledged(ack.Epoch, ack.StateDigest)) return;
        if (round is { IsFinished: false } open && ack.Epoch == open.Epoch) open.OnAcknowledged(ledger.Peer);
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
