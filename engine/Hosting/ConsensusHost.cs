using Plover.Engine.Checkpoints;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Plover.Consensus;
using Plover.Consensus.Messages;
using Plover.Consensus.Storage;
using Plover.Engine.Execution;
using Plover.Engine.Log;
using Plover.Engine.Transport;
using Envelope = Plover.Engine.Wire.Envelope;
using ConsensusMessage = Plover.Engine.Wire.ConsensusMessage;

namespace Plover.Engine.Hosting;

/// <summary>
/// The consensus loop: the one thread that owns the <see cref="PaxosNode"/> and its store. It ticks
/// every <see cref="TickInterval"/>, steps inbound consensus messages, proposes the batcher's
/// batches while leading, and for each Ready: sends the leader's early accepts, persists (synced
/// when required) together with the engine's own keys, only then sends the rest, tells the executor of leadership changes and hands it the
/// committed payloads, and advances. A storage error stops the node.
/// </summary>
public sealed partial class ConsensusHost : IDisposable
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Slots proposed and not yet committed, at most: input arriving meanwhile waits in the
    /// batcher, so under load a batch grows while the previous one commits (group commit: fewer
    /// synced writes, messages and epochs per request).
    /// </summary>
    public const int UncommittedSlotsMax = 1;

    private readonly PaxosNode node;
    private readonly ILogStore store;
    private readonly PeerTransport transport;
    private readonly ProposalBatcher batcher;
    private readonly ExecutorInbox executor;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConcurrentQueue<(uint From, byte[] Payload)> inbound = new();
    private readonly ConcurrentQueue<EngineWrite> engineWrites = new();
    // A kernel event, not a SemaphoreSlim: the loop wakes often, and spinning before each wait costs a core.
    private readonly AutoResetEvent wake = new(false);
    private readonly Dictionary<int, ulong> commitTold = [];
    private Thread? thread;
    private volatile bool stopping;
    private bool awaitingInput;
    private long nextTickAt;

    public ConsensusHost(PaxosNode node, ILogStore store, PeerTransport transport, ProposalBatcher batcher, ExecutorInbox executor,
        TimeProvider time, ILogger logger)
    {
        this.node = node;
        this.store = store;
        this.transport = transport;
        this.batcher = batcher;
        this.executor = executor;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>Leadership as last reported by a Ready.</summary>
    public Leadership Leadership { get; private set; } = Leadership.Unknown;

    public event Action<Leadership>? LeadershipChanged;

    /// <summary>The fatal error that stopped the loop, if one did.</summary>
    public Exception? Fatal { get; private set; }

    public ulong CommitSlot => Volatile.Read(ref commitSlot);

    private ulong commitSlot;

    public void Start()
    {
        nextTickAt = time.GetTimestamp();
        thread = new Thread(Run) { Name = "plover-consensus", IsBackground = true };
        thread.Start();
    }

    /// <summary>A consensus message from a peer (any thread).</summary>
    public void Receive(uint from, byte[] payload)
    {
        inbound.Enqueue((from, payload));
        wake.Set();
    }

    /// <summary>A key to write with the next persist step (any thread).</summary>
    public void WriteEngineKey(EngineWrite write)
    {
        engineWrites.Enqueue(write);
    }

    /// <summary>
    /// New work in the batcher: propose without waiting for the next tick. Only a loop that found
    /// nothing to propose while it had room is woken; otherwise the next commit proposes anyway, and
    /// a wake per client input cost a context switch for nothing (the batch grows meanwhile).
    /// </summary>
    public void Nudge()
    {
        Interlocked.MemoryBarrier(); // the input just added is visible before the flag is read (pairs with Propose)
        if (Volatile.Read(ref awaitingInput)) wake.Set();
    }

    public void Stop(TimeSpan wait)
    {
        stopping = true;
        wake.Set();
        thread?.Join(wait);
    }

    public void Dispose() => Stop(TimeSpan.FromSeconds(5));

    private void Run()
    {
        try
        {
            while (!stopping)
            {
                wake.WaitOne(UntilNextTick());
                if (time.GetTimestamp() >= nextTickAt) Tick();
                StepInbound();
                Propose();
                while (node.HasReady && !stopping) HandleReady(node.Ready());
                AnnounceCommit();
                ApplyCompaction();
                FlushEngineWrites();
            }
        }
        catch (Exception e)
        {
            Fatal = e;
            HostLog.ConsensusFatal(logger, e);
        }
    }

    private TimeSpan UntilNextTick()
    {
        TimeSpan left = time.GetElapsedTime(time.GetTimestamp(), nextTickAt);
        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    private void Tick()
    {
        node.Tick();
        nextTickAt += (long)(TickInterval.TotalSeconds * time.TimestampFrequency);
        long now = time.GetTimestamp();
        if (nextTickAt < now) nextTickAt = now; // a stall is not made up with a burst of ticks
    }

    private void StepInbound()
    {
        while (inbound.TryDequeue(out (uint From, byte[] Payload) message))
        {
            try
            {
                node.Step(MessageCodec.Decode(message.Payload));
            }
            catch (Exception e) when (e is MessageFormatException or NonMemberMessageException or ProtocolViolationException)
            {
                HostLog.BadConsensusMessage(logger, message.From, e.Message);
            }
        }
    }

    /// <summary>Proposes the batcher's batches while leading, one uncommitted slot at a time, and not while the executor's committed backlog is full.</summary>
    private void Propose()
    {
        while (node.IsLeader && node.QueuedProposals == 0 && node.LastSlot - node.CommitSlot < UncommittedSlotsMax)
        {
            Volatile.Write(ref awaitingInput, true);
            Interlocked.MemoryBarrier(); // the flag is visible before the batcher and backlog are looked at (pairs with Nudge)
            if (executor.CommittedBacklogFull) return; // the executor's drain nudges the loop
            if (batcher.TakeBatch() is not { } batch) return;
            Volatile.Write(ref awaitingInput, false);
            ProposeResult result = node.Propose(LogBatchCodec.Encode(batch));
            if (!result.IsAccepted) HostLog.ProposalRefused(logger, result.ToString());
        }
        Volatile.Write(ref awaitingInput, false);
    }

    private void HandleReady(Ready ready)
    {
        List<EngineWrite> writes = TakeEngineWrites();
        if (ready.Snapshot is { } installed) writes.Add(PendingSnapshot.Write(installed.Slot, installed.Payload)); // a restart resumes its transfer
        // The leader's accepts go out first, so its followers write while it writes (its own copy
        // counts only at Advance); everything else leaves only once the write is durable.
        foreach (OutboundMessage message in ready.EarlyMessages) Send(message);
        store.Persist(PersistBatch.From(ready, writes));
        if (ready.Snapshot is { } snapshot) executor.Post(new CheckpointInstall(snapshot.Slot, snapshot.Payload)); // before the entries after it
        foreach (OutboundMessage message in ready.Messages) Send(message);
        if (ready.SoftState is { } soft) OnSoftState(soft);
        foreach (CommittedEntry entry in ready.CommittedEntries)
            if (!entry.IsNoOp) executor.Post(new CommittedPayload(entry.Slot, entry.Payload));
        foreach (int peer in ready.SnapshotRequests) OfferSnapshot(peer);
        node.Advance(ready);
        Volatile.Write(ref commitSlot, node.CommitSlot);
        if (node.IsLeader) Propose(); // its accepts, sent with the next Ready, carry the new commit slot

    }

    private void Send(OutboundMessage message)
    {
        ulong told = message.Message switch
        {
            Accept a => a.LeaderCommit,
            Heartbeat h => h.LeaderCommit,
            _ => 0,
        };
        if (told > 0) commitTold[message.To] = Math.Max(commitTold.GetValueOrDefault(message.To), told);
        var envelope = new Envelope { Consensus = new ConsensusMessage { Payload = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(MessageCodec.Encode(message.Message)) } };
        transport.TrySend((uint)message.To, envelope);
    }

    /// <summary>
    /// The leader learns a slot is chosen before its followers do (the commit slot rides on the next
    /// accept or heartbeat). Followers must execute an epoch end promptly for the epoch to sync, so
    /// once every Ready is handled, a follower not yet told of the latest commit (by the accepts of
    /// the next proposal, when there was input to propose) gets a heartbeat carrying it at once:
    /// the same message the node sends every heartbeat interval, only sooner.
    /// </summary>
    private void AnnounceCommit()
    {
        if (!node.IsLeader) return;
        ulong commit = node.CommitSlot;
        foreach (uint peer in transport.PeerIds)
        {
            if (commitTold.GetValueOrDefault((int)peer) >= commit) continue;
            Send(new OutboundMessage((int)peer, new Heartbeat(node.NodeId, node.LeaderBallot, commit)));
        }
    }

    private void OnSoftState(SoftState soft)
    {
        var leadership = new Leadership(soft.Role == NodeRole.Leader, soft.LeaderId is { } id ? (uint)id : null, soft.LeaderId is null ? 0 : soft.Ballot.ToUInt64());
        Leadership = leadership;
        commitTold.Clear();
        HostLog.Leadership(logger, leadership.ToString());
        batcher.LeadershipChanged(leadership.IsLeader ? leadership.Ballot : 0);
        executor.Post(new LeadershipChanged(leadership));
        LeadershipChanged?.Invoke(leadership);
    }

    private List<EngineWrite> TakeEngineWrites()
    {
        var writes = new List<EngineWrite>();
        while (engineWrites.TryDequeue(out EngineWrite write)) writes.Add(write);
        return writes;
    }

    private void FlushEngineWrites()
    {
        if (engineWrites.IsEmpty) return;
        store.Persist(new PersistBatch(null, [], Sync: false, TakeEngineWrites()));
    }
}
