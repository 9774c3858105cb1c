using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Ballot = Plover.Consensus.Ballot;
using Plover.Engine.Config;
using Plover.Engine.Epochs;
using Plover.Engine.Execution;
using Plover.Engine.Log;
using Plover.Engine.Tests.Fakes;
using Plover.Engine.Wire;

namespace Plover.Engine.Tests.Execution;

/// <summary>
/// Three executors over fake guests, with the test standing in for consensus: it posts the same
/// committed batches to every node in the same order, and tells nodes who leads. Sync messages
/// travel between the executors' inboxes (links can be cut).
/// </summary>
internal sealed class ExecutorCluster : IDisposable
{
    private readonly ConcurrentDictionary<(uint, uint), bool> cut = new();
    private ulong slot;

    public ExecutorCluster(ReplicationMode mode, bool passthrough, EpochSettings? epoch = null, int nodes = 3)
    {
        EpochSettings settings = epoch ?? new EpochSettings { IntervalMs = 100000, SyncWaitMs = 2000, StragglerWaitMs = 1000 };
        for (uint id = 1; id <= nodes; id++) Nodes[id] = new Node(this, id, mode, passthrough, settings);
        foreach (Node node in Nodes.Values) node.Executor.Start();
    }

    public SortedDictionary<uint, Node> Nodes { get; } = [];

    public static ulong BallotOf(uint node, ulong round = 1) => new Ballot(round, (int)node).ToUInt64();

    /// <summary>Every node learns that <paramref name="leader"/> leads with <paramref name="ballot"/>, then the takeover commits.</summary>
    public void Elect(uint leader, ulong ballot, IEnumerable<uint>? reachable = null)
    {
        foreach (Node node in Nodes.Values.Where(n => reachable is null || reachable.Contains(n.Id)))
            node.Inbox.Post(new LeadershipChanged(new Leadership(node.Id == leader, leader, ballot)));
        Commit(reachable, new TakeoverEntry(ballot));
    }

    public CommittedPayload Commit(params LogEntry[] entries) => Commit(null, entries);

    /// <summary>Commits a batch at the next slot to the given nodes (all by default); returns it, to hand to the others later.</summary>
    public CommittedPayload Commit(IEnumerable<uint>? to, params LogEntry[] entries)
    {
        byte[] payload = LogBatchCodec.Encode(new LogBatch(1_000_000 + (long)slot * 1000, slot * 31 + 7, entries));
        slot++;
        var committed = new CommittedPayload(slot, payload);
        Deliver(committed, to);
        return committed;
    }

    public void Deliver(CommittedPayload committed, IEnumerable<uint>? to)
    {
        foreach (Node node in Nodes.Values.Where(n => to is null || to.Contains(n.Id))) node.Inbox.Post(committed);
    }

    public static DataEntry Line(ulong connection, string line) => new(connection, Encoding.ASCII.GetBytes(line + "\n"));

    public void Cut(uint a, uint b)
    {
        cut[(a, b)] = true;
        cut[(b, a)] = true;
    }

    public void Dispose()
    {
        foreach (Node node in Nodes.Values) node.Executor.Dispose();
    }

    internal sealed class Node : ISyncLink, IOutputRouter, IEpochProposer, IEpochRecorder
    {
        private readonly ExecutorCluster cluster;

        public Node(ExecutorCluster cluster, uint id, ReplicationMode mode, bool passthrough, EpochSettings epoch)
        {
            this.cluster = cluster;
            Id = id;
            Factory = new FakeGuestFactory(passthrough, (int)id * 104729);
            var options = new ExecutorOptions
            {
                Self = id,
                Mode = mode,
                Nondeterminism = passthrough ? NondeterminismMode.Passthrough : NondeterminismMode.Deterministic,
                Epoch = epoch,
                Timeouts = new SyncTimeouts(TimeSpan.FromMilliseconds(epoch.SyncWaitMs), TimeSpan.FromMilliseconds(epoch.StragglerWaitMs), TimeSpan.FromSeconds(5)),
            };
            Executor = new ReplicaExecutor(options, Factory, this, Inbox, this, this, this, Serving, TimeProvider.System, NullLogger.Instance);
        }

        public uint Id { get; }

        public FakeGuestFactory Factory { get; }

        public FakeGuestMachine Machine => Factory.Last!;

        public ExecutorInbox Inbox { get; } = new();

        public ServingState Serving { get; } = new();

        public ReplicaExecutor Executor { get; }

        public ConcurrentQueue<OutputEvent> Released { get; } = new();

        public int EpochEndRequests;
        public int TimeAdvanceRequests;
        public ConcurrentQueue<ulong> TakeoverRetries { get; } = new();

        public string ReleasedText => string.Concat(Released.Where(o => o.Kind == OutputKind.Data).Select(o => Encoding.ASCII.GetString(o.Data!)));

        public IReadOnlyList<uint> Peers => cluster.Nodes.Keys.Where(n => n != Id).ToArray();

        public bool Send(uint peer, Envelope message)
        {
            if (!cluster.cut.ContainsKey((Id, peer))) cluster.Nodes[peer].Inbox.Post(new SyncReceived(Id, message.Clone()));
            return true;
        }

        public bool IsConnected(uint peer) => !cluster.cut.ContainsKey((Id, peer));

        public void Release(OutputEvent output) => Released.Enqueue(output);

        public void PauseReceiving(ulong connection)
        {
        }

        public void ResumeReceiving(ulong connection)
        {
        }

        public void InputExecuted(ulong connection, int bytes)
        {
        }

        public void RequestEpochEnd() => Interlocked.Increment(ref EpochEndRequests);

        public void EpochEndExecuted()
        {
        }

        public void RequestTimeAdvance() => Interlocked.Increment(ref TimeAdvanceRequests);

        public void RetryTakeover(ulong ballot) => TakeoverRetries.Enqueue(ballot);

        public void Record(EpochStatistics statistics)
        {
        }

        public IReadOnlyList<EpochStatistics> Epochs => Executor.Status.RecentEpochs();
    }
}
