using Plover.Engine.Config;
using Plover.Engine.Epochs;
using Plover.Engine.Wire;

namespace Plover.Engine.Execution;

// Epoch boundaries from the log: the sync as primary or backup, takeovers, and the primary's triggers.
public sealed partial class ReplicaExecutor
{
    /// <summary>Sync messages kept for a primary round not begun yet (a few per peer suffice).</summary>
    private const int EarlySyncKeptMax = 64;

    private readonly Queue<SyncReceived> earlySync = new();
    private readonly List<BackupRound> pipelinedBackupRounds = [];
    private readonly LinkedList<(ulong Epoch, IReadOnlyList<int> Dirty)> recentSeals = new();
    private bool repairAtNextEpoch;

    /// <summary>An EpochEnd or Takeover entry: every host stops here.</summary>
    private void EndEpoch(ulong? takeover)
    {
        if (options.Mode != ReplicationMode.Remus) RunGuest(); // Remus backups never run the guest

        epoch++;
        Status.Epoch = epoch;
        if (takeover is { } ballot) epochPrimaryBallot = ballot;
        Status.EpochPrimaryBallot = epochPrimaryBallot;
        lastBoundaryAt = time.GetTimestamp();
        activitySinceBoundary = false;
        if (takeover is null) proposer.EpochEndExecuted();
        switch (options.Mode)
        {
            case ReplicationMode.Smr: SmrBoundary(takeover); break;
            case ReplicationMode.Vsmr: VsmrBoundary(takeover is not null); break;
            case ReplicationMode.Remus: RemusTakeover(takeover); break;
        }
        MaybeCheckpoint();
    }

    /// <summary>Is this node the primary of the current epoch, and does it still lead with that ballot?</summary>
    private bool LeadsCurrentEpoch => NodeOf(epochPrimaryBallot) == options.Self && leadership.IsLeader && leadership.Ballot == epochPrimaryBallot;

    private void SmrBoundary(ulong? takeover)
    {
        if (takeover is null) return;
        CloseEveryConnection();
        RunGuest();
        outputs.Open(epoch + 1);
        bool lead = LeadsCurrentEpoch;
        outputs.Keep(lead);
        if (lead) BeginServing(pulled: null);
        else if (serving.Ballot != 0 && serving.Ballot != epochPrimaryBallot) StepDown();
    }

    private void VsmrBoundary(bool takeover)
    {
        if (takeover)
        {
            CloseEveryConnection();
            RunGuest();
        }
        if (fault is not null) return;
        long pauseStart = time.GetTimestamp();
        EpochSeal seal = state.Seal();
        RememberSeal(epoch, seal);
        outputs.Open(epoch + 1);
        if (NodeOf(epochPrimaryBallot) == options.Self)
        {
            if (LeadsCurrentEpoch) SyncAsPrimary(seal, takeover, pauseStart);
            else RecordSkipped(seal, pauseStart, "primary");
        }
        else if (leadership.Ballot > epochPrimaryBallot || epochPrimaryBallot == 0)
        {
            RecordSkipped(seal, pauseStart, "backup"); // a newer primary exists: this epoch's primary is gone
        }
        else
        {
            SyncAsBackup(epoch, seal, takeover, pauseStart);
        }
    }

    private void SyncAsPrimary(EpochSeal seal, bool takeover, long pauseStart)
    {
        if (takeover || primary is null || primary.Ballot != epochPrimaryBallot)
        {
            primary = new PrimarySync(options.Self, epochPrimaryBallot, link, state, options.Timeouts, time, pipelined: Deterministic);
            outputs.Keep(true);
            Status.Role = "primary";
        }
        PrimaryRound round = primary.Begin(epoch, seal, logHash.Value, takeover, synced);
        ReplayEarlySync();
        if (round.IsPipelined)
        {
            round.PauseMicroseconds = ElapsedMicroseconds(pauseStart);
            AfterPrimarySync();
            return;
        }
        WaitFor(() => round.IsFinished, round.Tick, OnSyncDuringPrimaryRound,
            onLeadership: () => { if (!LeadsCurrentEpoch) round.Abandon(); }, end: round.Abandon);
        AfterPrimarySync();
        Record(round.Statistics(ElapsedMicroseconds(pauseStart), UnixTimeMs()));
        if (!takeover || !LeadsCurrentEpoch) return;
        if (round.TakeoverFailed)
        {
            ExecutorLog.TakeoverRetry(logger, epoch, epochPrimaryBallot);
            proposer.RetryTakeover(epochPrimaryBallot);
            return;
        }
        BeginServing(round.PulledFrom);
    }

    /// <summary>Adopts what the sync now knows: this host's sync point, outputs a majority holds, pipelined rounds that finished.</summary>
    private void AfterPrimarySync()
    {
        if (primary is null) return;
        if (primary.HighestSyncedEpoch > synced.Epoch) synced = new SyncPoint(primary.HighestSyncedEpoch, primary.HighestSyncedDigest);
        Status.LastSynced = synced;
        outputs.ReleaseThrough(primary.HighestSyncedEpoch);
        foreach (EpochStatistics finished in primary.TakeFinished()) Record(finished);
    }

    private void BeginServing(uint? pulled)
    {
        ExecutorLog.Serving(logger, epoch, epochPrimaryBallot, pulled is { } from ? $", having pulled node {from}'s state" : "");
        Status.Role = "primary";
        if (fault is null) serving.Set(epochPrimaryBallot);
    }

    private void OnSyncDuringPrimaryRound(uint from, Envelope message)
    {
        primary?.Handle(from, message);
        AfterPrimarySync();
    }

    private void SyncAsBackup(ulong epochId, EpochSeal seal, bool takeover, long pauseStart)
    {
        uint node = NodeOf(epochPrimaryBallot);
        bool pipelined = Deterministic && !takeover && !repairAtNextEpoch && options.Mode == ReplicationMode.Vsmr;
        var round = new BackupRound(node, epochPrimaryBallot, epochId, seal, logHash.Value, takeover, synced, link, state, options.Timeouts, time, pipelined);
        round.Start();
        if (pipelined)
        {
            round.PauseMicroseconds = ElapsedMicroseconds(pauseStart);
            pipelinedBackupRounds.Add(round);
            return;
        }
        repairAtNextEpoch = false;
        WaitFor(() => round.IsFinished, round.Advance, RouteBackupSync(round),
            onLeadership: () => { if (leadership.Ballot > epochPrimaryBallot) round.Abandon(); }, end: round.Abandon);
        synced = round.SyncedAfter;
        Status.LastSynced = synced;
        if (round.Result is not (SyncResult.Equal or SyncResult.Repaired or SyncResult.Behind))
            ExecutorLog.BackupSyncFailed(logger, epochId, node, round.Result.ToString()!, round.FailureReason is { } why ? $": {why}" : "");
        Record(round.Statistics(ElapsedMicroseconds(pauseStart), UnixTimeMs()));
    }

    /// <summary>Sync messages while a backup waits: to its round, or to a pipelined round still open.</summary>
    private Action<uint, Envelope> RouteBackupSync(BackupRound waiting) => (from, message) =>
    {
        if (SyncMessages.EpochOf(message) == waiting.Epoch) waiting.Handle(from, message);
        else OnPipelinedBackupSync(from, message);
    };

    /// <summary>A verdict for a pipelined epoch: adopt its outcome (the guest has moved on since).</summary>
    private bool OnPipelinedBackupSync(uint from, Envelope message)
    {
        ulong epochOf = SyncMessages.EpochOf(message);
        BackupRound? round = pipelinedBackupRounds.FirstOrDefault(r => r.Epoch == epochOf);
        if (round is null) return false;
        round.Handle(from, message);
        AdvancePipelinedBackupRounds();
        return true;
    }

    private void AdvancePipelinedBackupRounds()
    {
        for (int i = 0; i < pipelinedBackupRounds.Count; i++)
        {
            BackupRound round = pipelinedBackupRounds[i];
            if (!round.IsFinished)
            {
                round.Advance();
                if (!round.IsFinished && leadership.Ballot > round.Ballot) round.Abandon();
            }
            if (!round.IsFinished) continue;
            pipelinedBackupRounds.RemoveAt(i--);
            if (round.RepairNext) repairAtNextEpoch = true;
            if (round.Result == SyncResult.Equal && round.SyncedAfter.Epoch > synced.Epoch)
            {
                synced = round.SyncedAfter;
                state.SyncedEarlier(DirtiedSince(round.Epoch));
                Status.LastSynced = synced;
            }
            Record(round.Statistics(round.PauseMicroseconds, UnixTimeMs()));
        }
    }

    /// <summary>Recent seals of this host (epoch and pages dirtied), so a sync found later can rebuild the dirty set since it.</summary>
    private void RememberSeal(ulong epochId, EpochSeal seal)
    {
        recentSeals.AddLast((epochId, seal.DirtyPages));
        while (recentSeals.Count > SealHistory.EpochsKept) recentSeals.RemoveFirst();
    }

    /// <remarks>Asked at every pipelined sync, usually for one of the last few epochs: so the walk starts at the newest seal.</remarks>
    private IEnumerable<int>? DirtiedSince(ulong epochId)
    {
        LinkedListNode<(ulong Epoch, IReadOnlyList<int> Dirty)>? node = recentSeals.Last;
        while (node is not null && node.Value.Epoch > epochId) node = node.Previous;
        if (node is null || node.Value.Epoch != epochId) return null;
        var pages = new PageSet();
        for (node = node.Next; node is not null; node = node.Next) pages.AddRange(node.Value.Dirty);
        return pages.Ascending().ToArray();
    }

    private void RecordSkipped(EpochSeal seal, long pauseStart, string role) => Record(new EpochStatistics
    {
        Epoch = epoch,
        Role = role,
        PagesDirtied = seal.DirtyPages.Count,
        PauseMicroseconds = ElapsedMicroseconds(pauseStart),
        Digest = seal.Digest.Value,
        DigestsEqual = false,
        Peers = [new PeerSync(NodeOf(epochPrimaryBallot), SyncResult.Skipped, 0, 0, 0)],
        UnixTimeMs = UnixTimeMs(),
    });

    private void Record(EpochStatistics statistics)
    {
        Status.Record(statistics);
        recorder.Record(statistics);
        ExecutorLog.Epoch(logger, statistics.Epoch, statistics.Role, statistics.PagesDirtied, statistics.PagesCompared, statistics.PagesSent, statistics.PauseMicroseconds);
    }

    /// <summary>
    /// Waits, taking only sync messages and leadership changes, until <paramref name="finished"/>;
    /// every other event waits its turn, in order. <paramref name="advance"/> moves the round on by
    /// the clock and says how long to wait; <paramref name="onLeadership"/> runs after a leadership
    /// change, <paramref name="end"/> when the executor stops.
    /// </summary>
    private void WaitFor(Func<bool> finished, Func<TimeSpan> advance, Action<uint, Envelope> handle, Action onLeadership, Action end)
    {
        TimeSpan wait = advance();
        while (!finished())
        {
            switch (inbox.Take(wait))
            {
                case null: break;
                case SyncReceived sync: handle(sync.From, sync.Message); break;
                case LeadershipChanged changed:
                    OnLeadership(changed.Leadership);
                    onLeadership();
                    break;
                case StopExecutor:
                    stopping = true;
                    end();
                    return;
                case { } other: deferred.Enqueue(other); break;
            }
            wait = advance();
        }
    }

    /// <summary>A sync message outside any round: late acks and early or stale digests at the primary, patches at a Remus backup.</summary>
    private void OnSyncOutsideRound(SyncReceived sync)
    {
        if (options.Mode == ReplicationMode.Remus)
        {
            OnRemusSync(sync);
            return;
        }
        if (primary is null || primary.Ballot != SyncMessages.BallotOf(sync.Message))
        {
            if (!OnPipelinedBackupSync(sync.From, sync.Message)) KeepIfEarly(sync);
            return;
        }
        primary.Handle(sync.From, sync.Message);
        AfterPrimarySync();
    }

    /// <summary>
    /// A backup may reach a new primary's first epoch before the new primary does: its digest,
    /// addressed to a ballot this node is about to serve, is kept until that primary's round exists.
    /// </summary>
    private void KeepIfEarly(SyncReceived sync)
    {
        ulong ballot = SyncMessages.BallotOf(sync.Message);
        if (NodeOf(ballot) != options.Self || ballot < epochPrimaryBallot || ballot < (primary?.Ballot ?? 0)) return;
        earlySync.Enqueue(sync);
        while (earlySync.Count > EarlySyncKeptMax) earlySync.Dequeue();
    }

    private void ReplayEarlySync()
    {
        int count = earlySync.Count;
        for (int i = 0; i < count; i++)
        {
            SyncReceived sync = earlySync.Dequeue();
            if (primary is not null && SyncMessages.BallotOf(sync.Message) == primary.Ballot) primary.Handle(sync.From, sync.Message);
            else if (SyncMessages.BallotOf(sync.Message) > (primary?.Ballot ?? 0)) earlySync.Enqueue(sync);
        }
    }

    /// <summary>The primary's reasons to end an epoch: outputs waiting and nothing left to execute, the interval, too many dirty pages.</summary>
    private void EpochTriggers()
    {
        if (!serving.IsServing || primary is null || fault is not null) return;
        bool idleWithOutputs = outputs.HasOutputInOpenEpoch && inbox.CommittedWaiting == 0 && deferred.Count == 0;
        bool intervalPassed = activitySinceBoundary && time.GetElapsedTime(lastBoundaryAt).TotalMilliseconds >= options.Epoch.IntervalMs;
        bool tooDirty = machine.DirtyPageCount >= options.Epoch.DirtyPagesMax || outputs.PendingBytes >= OutputBuffer.PendingBytesSoftMax;
        if (idleWithOutputs || intervalPassed || tooDirty) proposer.RequestEpochEnd();
    }
}
