using Plover.Consensus.Messages;
using Plover.Consensus.Storage;
using Plover.Simulation;

namespace Plover.Consensus.Tests.Core;

/// <summary>
/// Three nodes driven by hand, one step at a time: each node's Ready is persisted to an in-memory
/// store, its messages queue up (encoded and decoded, as on the wire), and nothing moves unless a
/// test delivers it. Unlike the simulator, no randomness: tests choose every interleaving.
/// </summary>
internal sealed class TestCluster
{
    private readonly List<(int From, int To, PaxosMessage Message)> _inFlight = [];

    public TestCluster(int size = 3, Func<PaxosConfig, PaxosConfig>? configure = null)
    {
        Members = Enumerable.Range(1, size).ToArray();
        Configure = configure ?? (c => c);
        for (int id = 1; id <= size; id++)
        {
            Stores[id] = new MemoryLogStore(new StoreIdentity("test", id));
            Applied[id] = [];
            Nodes[id] = NewNode(id, DurableState.Empty, appliedSlot: 0);
        }
    }

    public int[] Members { get; }

    public Func<PaxosConfig, PaxosConfig> Configure { get; }

    public Dictionary<int, PaxosNode> Nodes { get; } = [];

    public Dictionary<int, MemoryLogStore> Stores { get; } = [];

    public Dictionary<int, List<CommittedEntry>> Applied { get; } = [];

    /// <summary>Every Ready each node produced, in order.</summary>
    public Dictionary<int, List<Ready>> Readies { get; } = [];

    public IReadOnlyList<(int From, int To, PaxosMessage Message)> InFlight => _inFlight;

    /// <summary>How a leader's host answers a snapshot request: the slot and payload of its checkpoint.</summary>
    public Func<int, int, (ulong Slot, byte[] Payload)>? SnapshotSource { get; set; }

    /// <summary>Snapshots installed, per node.</summary>
    public Dictionary<int, List<SnapshotInstall>> Installed { get; } = [];

    public PaxosNode this[int id] => Nodes[id];

    public PaxosConfig ConfigFor(int id) => Configure(new PaxosConfig { NodeId = id, Members = Members, Seed = (ulong)id });

    public PaxosNode NewNode(int id, DurableState state, ulong appliedSlot) => new(ConfigFor(id), state, appliedSlot);

    /// <summary>Runs node <paramref name="id"/>'s Ready loop: queue early messages, persist (synced), queue messages, record applied entries, advance.</summary>
    public void Process(int id)
    {
        PaxosNode node = Nodes[id];
        while (node.HasReady)
        {
            Ready ready = node.Ready();
            if (!Readies.TryGetValue(id, out List<Ready>? readies)) Readies[id] = readies = [];
            readies.Add(ready);
            foreach (OutboundMessage outbound in ready.EarlyMessages) Queue(id, outbound);
            Stores[id].Persist(PersistBatch.From(ready) with { Sync = true });
            foreach (OutboundMessage outbound in ready.Messages) Queue(id, outbound);
            if (ready.Snapshot is { } snapshot)
            {
                if (!Installed.TryGetValue(id, out List<SnapshotInstall>? installed)) Installed[id] = installed = [];
                installed.Add(snapshot);
            }
            Applied[id].AddRange(ready.CommittedEntries);
            foreach (int follower in ready.SnapshotRequests)
            {
                if (SnapshotSource?.Invoke(id, follower) is { } checkpoint) node.SendSnapshot(follower, checkpoint.Slot, checkpoint.Payload);
            }
            node.Advance(ready);
        }
    }

    private void Queue(int from, OutboundMessage outbound) =>
        _inFlight.Add((from, outbound.To, MessageCodec.Decode(MessageCodec.Encode(outbound.Message))));

    public void ProcessAll()
    {
        foreach (int id in Members) Process(id);
    }

    /// <summary>Delivers queued messages (those <paramref name="filter"/> lets through; the others are dropped) until none is left.</summary>
    public void Deliver(Func<int, int, PaxosMessage, bool>? filter = null, int roundsMax = 1000)
    {
        ProcessAll();
        for (int round = 0; round < roundsMax && _inFlight.Count > 0; round++)
        {
            var batch = _inFlight.ToList();
            _inFlight.Clear();
            foreach ((int from, int to, PaxosMessage message) in batch)
            {
                if (filter is not null && !filter(from, to, message)) continue;
                Nodes[to].Step(message);
                Process(to);
            }
        }
    }

    /// <summary>Drops every queued message.</summary>
    public void DropAll() => _inFlight.Clear();

    public void Tick(int id, int times = 1)
    {
        for (int i = 0; i < times; i++) Nodes[id].Tick();
        Process(id);
    }

    /// <summary>Makes <paramref name="id"/> campaign and delivers everything: it should then lead.</summary>
    public PaxosNode Elect(int id)
    {
        Nodes[id].StartElection();
        Deliver();
        return Nodes[id];
    }

    /// <summary>Proposes at the leader and delivers everything.</summary>
    public void ProposeAndDeliver(int leader, params string[] payloads)
    {
        foreach (string payload in payloads) Assert.True(Nodes[leader].Propose(Bytes(payload)).IsAccepted);
        Deliver();
        // The leader learns the commit from the acks; followers learn it on the next heartbeat.
        Heartbeat(leader);
    }

    /// <summary>Ticks the leader until it sends a heartbeat, and delivers everything.</summary>
    public void Heartbeat(int leader)
    {
        Tick(leader, ConfigFor(leader).HeartbeatTicks);
        Deliver();
    }

    /// <summary>Rebuilds node <paramref name="id"/> from its store, as after a restart.</summary>
    public PaxosNode Restart(int id, ulong appliedSlot)
    {
        Nodes[id] = NewNode(id, Stores[id].Load(), appliedSlot);
        return Nodes[id];
    }

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    public IEnumerable<string> AppliedTexts(int id) => Applied[id].Where(e => !e.IsNoOp).Select(e => Text(e.Payload));
}
