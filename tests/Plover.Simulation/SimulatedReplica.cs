using System.Text;
using Plover.Consensus;
using Plover.Consensus.Messages;
using Plover.Consensus.Storage;

namespace Plover.Simulation;

/// <summary>
/// One simulated host, modelled on what the engine does: it persists a Ready (a write, then a sync
/// that takes virtual time), and only once that is durable installs a snapshot, sends the messages,
/// applies the committed entries, answers snapshot requests, checkpoints, and advances. A crash
/// loses the node, the service state and whatever was not synced; restart rebuilds from the store.
/// </summary>
internal sealed class SimulatedReplica
{
    public static readonly byte[] CheckpointKey = Encoding.ASCII.GetBytes("checkpoint");

    private readonly Simulation _sim;
    private readonly DeterministicRandom _random;
    private readonly double _tickScale;
    private readonly List<EngineWrite> _pendingEngineWrites = [];
    private readonly HashSet<ulong> _proposedHere = [];
    private Ready? _persisting;
    private PersistBatch? _persistingBatch;
    private ulong _lastCheckpointSlot;
    private ulong _readiesTaken;

    public SimulatedReplica(Simulation sim, int id, DeterministicRandom random, double tickScale)
    {
        _sim = sim;
        Id = id;
        _random = random;
        _tickScale = tickScale;
        Store = new MemoryLogStore(new StoreIdentity("simulated-cluster", id));
    }

    public int Id { get; }

    public MemoryLogStore Store { get; }

    public PaxosNode? Node { get; private set; }

    public ExecutedLog? State { get; private set; }

    public int Incarnation { get; private set; }

    public bool IsUp => Node is not null;

    public long PausedUntil { get; set; }

    public bool IsPaused => PausedUntil > _sim.Now;

    public bool IsPersisting => _persisting is not null;

    /// <summary>The slot of the checkpoint in the durable store (0 when none).</summary>
    public ulong DurableCheckpointSlot =>
        Store.Durable.Engine.TryGetValue(CheckpointKey, out byte[]? checkpoint) ? ExecutedLog.SlotOf(checkpoint) : 0;

    public long SnapshotsInstalled { get; private set; }

    public int Promotions { get; private set; }

    /// <summary>Boots from the store: the checkpoint (if any) is the service state, the log replays after it.</summary>
    public void Start()
    {
        Invariant.Check(Node is null, "a running replica cannot start again");
        DurableState durable = Store.Load();
        byte[]? checkpoint = Store.ReadEngineValue(CheckpointKey);
        State = checkpoint is null ? new ExecutedLog() : ExecutedLog.FromSnapshot(checkpoint);
        _sim.Checker.OnStateLoaded(Id, State, "checkpoint");
        _lastCheckpointSlot = State.LastSlot;
        PaxosConfig config = _sim.Options.ConfigureNode(new PaxosConfig
        {
            NodeId = Id,
            Members = Enumerable.Range(1, _sim.Replicas.Count).ToArray(),
        }) with { Seed = _random.NextUInt64() };
        Node = new PaxosNode(config, durable, State.LastSlot);
        _sim.Checker.CheckLivePromise(Id, Node, restarted: true);
        ScheduleTick();
        Pump();
    }

    /// <summary>Power loss: the process and its unsynced writes are gone; a random prefix of those writes survives.</summary>
    public void Crash()
    {
        Node = null;
        State = null;
        Incarnation++;
        _persisting = null;
        _persistingBatch = null;
        _pendingEngineWrites.Clear();
        _proposedHere.Clear();
        PausedUntil = 0;
        IReadOnlyList<PersistBatch> kept = Store.Crash(_random);
        _sim.Checker.OnDurable(Id, Store.Durable, kept);
    }

    public void OnTick(TickEvent e)
    {
        if (Node is null || e.Incarnation != Incarnation) return;
        Node.Tick();
        AfterNodeEvent();
        ScheduleTick();
    }

    private void ScheduleTick()
    {
        long period = Math.Max(1, (long)(_sim.Options.TickMicros * _tickScale));
        _sim.Schedule(_sim.Now + period, new TickEvent(Id, Incarnation));
    }

    public void OnDeliver(DeliverEvent e)
    {
        if (Node is null) return;
        PaxosMessage message = MessageCodec.Decode(e.Bytes);
        Invariant.Check(message.From == e.From, "a message carries its sender's id");
        Node.Step(message);
        AfterNodeEvent();
    }

    /// <summary>Offers a client proposal; null when this replica is down or paused (the client hears nothing).</summary>
    public ProposeResult? Propose(ulong id, byte[] payload)
    {
        if (Node is null || IsPaused) return null;
        ProposeResult result = Node.Propose(payload);
        if (result.IsAccepted) _proposedHere.Add(id);
        AfterNodeEvent();
        return result;
    }

    private void AfterNodeEvent()
    {
        _sim.Checker.CheckLivePromise(Id, Node!, restarted: false);
        Pump();
    }

    /// <summary>Starts persisting the next Ready unless one is in flight (one at a time, as a host's write loop).</summary>
    public void Pump()
    {
        if (Node is null || IsPaused || _persisting is not null || !Node.HasReady) return;
        Ready ready = Node.Ready();
        if (ready.SoftState is { } soft) _sim.OnLeadership(Id, soft);
        var engineWrites = new List<EngineWrite>(_pendingEngineWrites);
        _pendingEngineWrites.Clear();
        if (ready.Snapshot is { } snapshot) engineWrites.Add(new EngineWrite(CheckpointKey, snapshot.Payload));
        PersistBatch batch = PersistBatch.From(ready, engineWrites);
        Store.Write(batch);
        _persisting = ready;
        _persistingBatch = batch;
        // A leader's accepts leave while its own write is under way; a crash before it is durable loses only that write.
        foreach (OutboundMessage outbound in ready.EarlyMessages) SendNow(outbound);
        long latency = batch.IsEmpty ? 0 : _random.NextInRange(0, _sim.Faults.PersistMicrosMax);
        _sim.Schedule(_sim.Now + latency, new PersistDoneEvent(Id, Incarnation, ++_readiesTaken));
    }

    /// <summary>The write is on disk (synced if it had to be): now act on the Ready.</summary>
    public void OnPersistDone(PersistDoneEvent e)
    {
        if (Node is null || e.Incarnation != Incarnation || _persisting is not { } ready) return;
        PersistBatch batch = _persistingBatch!;
        _persisting = null;
        _persistingBatch = null;
        bool wasRebuilding = Store.Durable.Rebuilding;
        if (batch.Sync) _sim.Checker.OnDurable(Id, Store.Durable, Store.Sync());
        if (wasRebuilding && !Store.Durable.Rebuilding)
        {
            Promotions++;
            _sim.Note($"n{Id} rebuilt and promoted: it votes again");
        }
        if (ready.Snapshot is { } snapshot) InstallSnapshot(snapshot);
        foreach (OutboundMessage outbound in ready.Messages) SendNow(outbound);
        foreach (CommittedEntry committed in ready.CommittedEntries) Apply(committed);
        foreach (int follower in ready.SnapshotRequests) Node.SendSnapshot(follower, State!.LastSlot, State.Snapshot());
        MaybeCheckpoint();
        Node.Advance(ready);
        AfterNodeEvent();
    }

    private void SendNow(OutboundMessage outbound)
    {
        _sim.Checker.OnSend(Id, Store.Durable, outbound.Message);
        _sim.Network.Send(Id, outbound.To, MessageCodec.Encode(outbound.Message));
    }

    private void InstallSnapshot(SnapshotInstall snapshot)
    {
        State = ExecutedLog.FromSnapshot(snapshot.Payload);
        Invariant.Check(State.LastSlot == snapshot.Slot, "a snapshot covers exactly its slot");
        _lastCheckpointSlot = snapshot.Slot;
        SnapshotsInstalled++;
        _sim.Checker.OnStateLoaded(Id, State, "installed snapshot");
        _sim.Note($"n{Id} installed a snapshot through slot {snapshot.Slot}");
    }

    private void Apply(CommittedEntry committed)
    {
        _sim.Checker.OnApplied(Id, committed);
        State!.Apply(committed);
        if (committed.IsNoOp) return;
        ulong id = Payloads.IdOf(committed.Payload);
        if (_proposedHere.Remove(id)) _sim.Client.OnAcknowledged(id, committed.Slot, committed.Index, Id);
    }

    /// <summary>
    /// Every so many slots: record the service state as a checkpoint and let the log below it go.
    /// Both reach the store in the same atomic batch (the next Ready's), never the truncation alone.
    /// </summary>
    private void MaybeCheckpoint()
    {
        ExecutedLog state = State!;
        if (state.LastSlot < _lastCheckpointSlot + (ulong)_sim.Faults.CheckpointEverySlots) return;
        _pendingEngineWrites.Add(new EngineWrite(CheckpointKey, state.Snapshot()));
        _lastCheckpointSlot = state.LastSlot;
        ulong retain = (ulong)_sim.Faults.RetainSlots;
        if (state.LastSlot > retain) Node!.Compact(state.LastSlot - retain);
    }
}
