using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Plover.Consensus;
using Plover.Engine.Config;
using Plover.Engine.Epochs;
using Plover.Engine.Guest;

namespace Plover.Engine.Execution;

/// <summary>
/// The executor: the one thread that owns the guest. It executes committed log batches in slot
/// order (deliver every entry, set the event context in deterministic mode, run the guest until it
/// blocks), stops at every epoch boundary to run the epoch sync as primary or backup, buffers the
/// guest's outputs per epoch and releases them once a majority holds their epoch. In Remus mode the
/// primary executes inputs directly and ships dirty pages; unreplicated, it just runs the guest.
/// </summary>
public sealed partial class ReplicaExecutor : IDisposable
{
    private readonly ExecutorOptions options;
    private readonly IGuestMachine machine;
    private readonly GuestStateTracker state;
    private readonly OutputBuffer outputs;
    private readonly IOutputRouter router;
    private readonly ExecutorInbox inbox;
    private readonly ISyncLink link;
    private readonly IEpochProposer proposer;
    private readonly IEpochRecorder recorder;
    private readonly ServingState serving;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Queue<ExecutorEvent> deferred = new();
    private readonly ConnectionTable connections = new();
    private readonly LogHash logHash = new();
    private Thread? thread;
    private bool stopping;
    private Leadership leadership = Leadership.Unknown;
    private SyncPoint synced = SyncPoint.Never;
    private ulong epoch;
    private ulong epochPrimaryBallot;
    private ulong lastSlot;
    private PrimarySync? primary;
    private GuestRunResult? fault;
    private long? deadlineAt;
    private bool timeAdvanceRequested;
    private long lastBoundaryAt;
    private bool activitySinceBoundary;

    /// <summary>Builds the executor and its guest machine (made by <paramref name="guests"/> with the executor's output buffer as its sink).</summary>
    public ReplicaExecutor(ExecutorOptions options, IGuestFactory guests, IOutputRouter router, ExecutorInbox inbox, ISyncLink link,
        IEpochProposer proposer, IEpochRecorder recorder, ServingState serving, TimeProvider time, ILogger logger)
    {
        this.options = options;
        this.router = router;
        this.inbox = inbox;
        this.link = link;
        this.proposer = proposer;
        this.recorder = recorder;
        this.serving = serving;
        this.time = time;
        this.logger = logger;
        outputs = new OutputBuffer(router);
        machine = guests.Create(outputs);
        state = new GuestStateTracker(machine);
        lastBoundaryAt = time.GetTimestamp();
    }

    public IGuestMachine Machine => machine;

    public ExecutorStatus Status { get; } = new();

    private bool IsUnreplicated => options.Mode == ReplicationMode.None;

    private bool Deterministic => options.Nondeterminism == NondeterminismMode.Deterministic;

    /// <summary>
    /// Runs the guest to its first block on the calling thread (a guest that cannot start is a
    /// startup error, thrown as <see cref="GuestStartException"/>), then starts the executor's thread.
    /// </summary>
    public void Start()
    {
        GuestRunResult first = RunOnLargeStack(machine.RunUntilBlocked);
        if (!first.IsBlocked) throw new GuestStartException(first);
        NoteDeadline(first);
        state.Seal();
        if (checkpointToRestore is { } restore) ResumeFromCheckpoint(restore);
        Status.Role = IsUnreplicated ? "unreplicated" : "backup";
        if (IsUnreplicated)
        {
            outputs.Keep(true);
            serving.Set(1);
        }
        thread = new Thread(RunLoop, ExecutorOptions.ThreadStackBytes) { Name = "plover-executor", IsBackground = true };
        thread.Start();
    }

    /// <summary>Asks the thread to stop after what is queued, and waits for it.</summary>
    public void Stop(TimeSpan wait)
    {
        inbox.Post(new StopExecutor());
        thread?.Join(wait);
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(5));
        if (thread is null || !thread.IsAlive) machine.Dispose();
    }

    private static T RunOnLargeStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? error = null;
        var runner = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                error = e;
            }
        }, ExecutorOptions.ThreadStackBytes);
        runner.Start();
        runner.Join();
        if (error is not null) throw new GuestStartException(error);
        return result;
    }

    private void RunLoop()
    {
        try
        {
            while (!stopping)
            {
                ExecutorEvent? next = deferred.Count > 0 ? deferred.Dequeue() : inbox.Take(TimeUntilNextTimer());
                if (next is not null) Dispatch(next);
                OnTimers();
                Status.OutputsPending = outputs.PendingCount;
                Status.OutputsReleased = outputs.Released;
            }
        }
        catch (Exception e)
        {
            Status.Fatal = e;
            ExecutorLog.Fatal(logger, e);
        }
    }

    private void Dispatch(ExecutorEvent next)
    {
        switch (next)
        {
            case CommittedPayload committed:
                ExecutePayload(committed.Slot, committed.Payload);
                inbox.CommittedExecuted(committed);
                break;
            case SyncReceived sync: OnSyncOutsideRound(sync); break;
            case LeadershipChanged changed: OnLeadership(changed.Leadership); break;
            case DirectInput input: ExecuteDirect(input); break;
            case CheckpointInstall install: InstallFromLeader(install); break;
            case TransferPartReceived: break; // of a transfer that ended
            case StopExecutor: stopping = true; break;
        }
    }

    private void OnLeadership(Leadership now)
    {
        bool wasLeader = leadership.IsLeader;
        leadership = now;
        if (wasLeader && (!now.IsLeader || primary?.Ballot != now.Ballot) && !IsUnreplicated) StepDown();
    }

    /// <summary>This node no longer leads: it stops serving and forgets every output it held (its clients are closed).</summary>
    private void StepDown()
    {
        if (primary is null && !serving.IsServing) return;
        ExecutorLog.SteppedDown(logger, epoch, outputs.PendingCount);
        primary = null;
        remus = null;
        pipelinedBackupRounds.Clear();
        serving.Set(0);
        outputs.Keep(false);
        Status.Role = "backup";
    }

    /// <summary>Runs the guest until it blocks; a guest that traps, exits or hits a limit is stopped for good and reported.</summary>
    private void RunGuest()
    {
        if (fault is not null) return;
        GuestRunResult result = machine.RunUntilBlocked();
        if (result.IsBlocked)
        {
            NoteDeadline(result);
            return;
        }
        fault = result;
        serving.Set(0); // before the fault is published: whoever sees the fault sees the node no longer serving
        Status.GuestFault = result.ToString();
        ExecutorLog.GuestStopped(logger, result.ToString(), epoch);
    }

    private void NoteDeadline(GuestRunResult result)
    {
        deadlineAt = result.NanosecondsUntilDeadline is { } ns
            ? time.GetTimestamp() + (long)Math.Min(ns / 1e9 * time.TimestampFrequency, long.MaxValue / 4)
            : null;
        timeAdvanceRequested = false;
    }

    private TimeSpan TimeUntilNextTimer()
    {
        TimeSpan wait = TimeSpan.FromMilliseconds(options.Mode == ReplicationMode.Remus ? Math.Min(options.Epoch.RemusIntervalMs, options.Epoch.IntervalMs) : options.Epoch.IntervalMs);
        if ((primary?.HasOpenRounds ?? false) || pipelinedBackupRounds.Count > 0) wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, SyncTimeouts.RecheckInterval.Ticks));
        if (deadlineAt is { } at)
        {
            TimeSpan untilDeadline = time.GetElapsedTime(time.GetTimestamp(), at);
            if (untilDeadline < wait) wait = untilDeadline;
        }
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>Time-driven work: deadlines the guest waits for, and the primary's epoch triggers.</summary>
    private void OnTimers()
    {
        if (deadlineAt is { } at && time.GetTimestamp() >= at) OnDeadline();
        if (IsUnreplicated) return;
        if (primary is not null)
        {
            primary.Tick();
            AfterPrimarySync();
        }
        if (pipelinedBackupRounds.Count > 0) AdvancePipelinedBackupRounds();
        if (options.Mode == ReplicationMode.Remus) RemusTriggers();
        else if (options.Mode == ReplicationMode.Vsmr) EpochTriggers();
    }

    private void OnDeadline()
    {
        deadlineAt = null; // set again by the next run, if the guest still waits for one
        bool runsHere = !Deterministic || IsUnreplicated || (options.Mode == ReplicationMode.Remus && remus is not null);
        if (runsHere)
        {
            if (machine.CanResume) RunAndRelease();
            return;
        }
        // Deterministic and logged: only the log's clock moves the guest; the primary asks for a tick.
        if (serving.IsServing && !timeAdvanceRequested)
        {
            timeAdvanceRequested = true;
            proposer.RequestTimeAdvance();
        }
    }

    /// <summary>Runs the guest, then releases what the mode allows at once.</summary>
    private void RunAndRelease()
    {
        RunGuest();
        if (IsUnreplicated || options.Mode == ReplicationMode.Smr) outputs.ReleaseAll();
    }

    private long ElapsedMicroseconds(long since) => (long)time.GetElapsedTime(since).TotalMicroseconds;

    private long UnixTimeMs() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static uint NodeOf(ulong ballot) => (uint)Ballot.FromUInt64(ballot).Node;
}

/// <summary>The guest could not be started: it trapped, exited or faulted before its first block.</summary>
public sealed class GuestStartException : Exception
{
    public GuestStartException(GuestRunResult result) : base($"the guest did not start: {result}")
    {
        Result = result;
    }

    public GuestStartException(Exception inner) : base($"the guest did not start: {inner.Message}", inner)
    {
    }

    public GuestRunResult? Result { get; }
}
