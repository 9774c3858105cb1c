using Plover.Engine.Config;
using Plover.Engine.Epochs;
using Plover.Engine.Wire;

namespace Plover.Engine.Execution;

// Remus: the primary executes directly and ships dirty pages each epoch; backups apply them.
public sealed partial class ReplicaExecutor
{
    private RemusPrimary? remus;
    private readonly StatePatchAssembler remusParts = new();
    private long lastRemusEpochAt;

    /// <summary>Remus epoch ids: the takeover's ordinal in the log above, a counter below, so a later primary's epochs are always higher.</summary>
    private ulong RemusBase => epoch << 32;

    private void RemusTakeover(ulong? takeover)
    {
        if (takeover is null) return; // a Remus log holds takeovers only
        if (remus is not null && remus.Ballot != epochPrimaryBallot) StepDown();
        long pauseStart = time.GetTimestamp();
        EpochSeal seal = state.Seal();
        outputs.Open(RemusBase + 1);
        remusParts.Reset();
        if (NodeOf(epochPrimaryBallot) != options.Self)
        {
            if (leadership.Ballot > epochPrimaryBallot) RecordSkipped(seal, pauseStart, "backup");
            else SyncAsBackup(RemusBase, seal, takeover: true, pauseStart);
            return;
        }
        if (!LeadsCurrentEpoch)
        {
            RecordSkipped(seal, pauseStart, "primary");
            return;
        }
        primary = new PrimarySync(options.Self, epochPrimaryBallot, link, state, options.Timeouts, time);
        PrimaryRound round = primary.Begin(RemusBase, seal, logHash.Value, takeover: true, synced);
        ReplayEarlySync();
        WaitFor(() => round.IsFinished, round.Tick, (from, message) => primary?.Handle(from, message),
            onLeadership: () => { if (!LeadsCurrentEpoch) round.Abandon(); }, end: round.Abandon);
        Record(round.Statistics(ElapsedMicroseconds(pauseStart), UnixTimeMs()));
        if (!LeadsCurrentEpoch) return;
        if (round.TakeoverFailed)
        {
            ExecutorLog.TakeoverRetry(logger, epoch, epochPrimaryBallot);
            proposer.RetryTakeover(epochPrimaryBallot);
            return;
        }
        IEnumerable<uint> syncedPeers = round.Statistics(0, 0).Peers.Where(p => p.Result is SyncResult.Equal or SyncResult.Repaired).Select(p => p.Peer);
        synced = new SyncPoint(RemusBase, round.Seal.Digest.Value);
        remus = new RemusPrimary(epochPrimaryBallot, RemusBase, syncedPeers.ToArray(), link, state);
        outputs.Keep(true);
        CloseEveryConnection();
        RunGuest();
        lastRemusEpochAt = time.GetTimestamp();
        BeginServing(round.PulledFrom);
    }

    private void RemusTriggers()
    {
        if (remus is null || fault is not null) return;
        bool activity = machine.DirtyPageCount > 0 || outputs.HasOutputInOpenEpoch;
        bool intervalPassed = time.GetElapsedTime(lastRemusEpochAt).TotalMilliseconds >= options.Epoch.RemusIntervalMs;
        bool due = options.Epoch.RemusTrigger == RemusTrigger.Interval
            ? intervalPassed
            : (outputs.HasOutputInOpenEpoch && inbox.Count == 0 && deferred.Count == 0)
              || time.GetElapsedTime(lastRemusEpochAt).TotalMilliseconds >= options.Epoch.IntervalMs
              || machine.DirtyPageCount >= options.Epoch.DirtyPagesMax;
        if (activity && due) ShipRemusEpoch();
        else if (intervalPassed && !activity) lastRemusEpochAt = time.GetTimestamp();
    }

    private void ShipRemusEpoch()
    {
        long pauseStart = time.GetTimestamp();
        ulong id = remus!.LastEpoch + 1;
        EpochSeal seal = state.Seal();
        outputs.Open(id + 1);
        Status.Epoch = id;
        lastRemusEpochAt = time.GetTimestamp();
        Record(remus.Ship(id, seal, logHash.Value, connections.All, ElapsedMicroseconds(pauseStart), UnixTimeMs()));
    }

    private void OnRemusSync(SyncReceived sync)
    {
        if (remus is null && sync.Message.KindCase != Envelope.KindOneofCase.StatePatch)
        {
            KeepIfEarly(sync);
            return;
        }
        if (remus is not null)
        {
            if (sync.Message.KindCase == Envelope.KindOneofCase.EpochAck) remus.OnAck(sync.From, sync.Message.EpochAck);
            primary?.Handle(sync.From, sync.Message); // a straggler of the takeover round
            outputs.ReleaseThrough(remus.HighestAckedEpoch);
            return;
        }
        if (sync.Message.KindCase != Envelope.KindOneofCase.StatePatch) return;
        StatePatch part = sync.Message.StatePatch;
        if (part.PrimaryBallot != epochPrimaryBallot || NodeOf(part.PrimaryBallot) != sync.From || part.Epoch <= synced.Epoch) return;
        ApplyRemusPatch(sync.From, part);
    }

    /// <summary>A backup applies a whole Remus patch, checks it reached the primary's digest, and acknowledges.</summary>
    private void ApplyRemusPatch(uint from, StatePatch part)
    {
        IReadOnlyList<StatePatch>? whole;
        try
        {
            whole = remusParts.Add(part);
        }
        catch (PatchFormatException)
        {
            return; // frames lost: the primary sends these pages again with the next epoch
        }
        if (whole is null) return;
        long started = time.GetTimestamp();
        StatePatch last = whole[^1];
        EpochSeal applied = StatePatchApplier.Apply(state, whole);
        Invariant.Require(applied.Digest.Value == last.StateDigest,
            $"after Remus epoch {last.Epoch} this backup's digest is {applied.Digest.Value:x16}, the primary's {last.StateDigest:x16}");
        connections.ReplaceWith(last.OpenConnections);
        state.MarkSynced();
        synced = new SyncPoint(last.Epoch, applied.Digest.Value);
        Status.LastSynced = synced;
        Status.Epoch = last.Epoch;
        link.Send(from, SyncMessages.Wrap(new EpochAck { Epoch = last.Epoch, StateDigest = applied.Digest.Value, PrimaryBallot = last.PrimaryBallot }));
        Record(new EpochStatistics
        {
            Epoch = last.Epoch,
            Role = "backup",
            PagesDirtied = 0,
            PagesSent = whole.Sum(p => p.Pages.Count),
            PauseMicroseconds = ElapsedMicroseconds(started),
            Digest = applied.Digest.Value,
            DigestsEqual = true,
            Peers = [new PeerSync(from, SyncResult.Repaired, 0, whole.Sum(p => p.Pages.Count), 0)],
            UnixTimeMs = UnixTimeMs(),
        });
    }
}
