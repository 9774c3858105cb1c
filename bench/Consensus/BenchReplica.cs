using System.Diagnostics;
using Plover.Consensus;
using Plover.Consensus.Messages;
using Plover.Consensus.Storage;

namespace Plover.Bench.Consensus;

/// <summary>
/// One replica's host thread, the way the engine will run it: take what arrived, step it, then
/// persist the Ready with one (synced) RocksDB write, send, apply, advance. While it waits on the
/// disk, new messages and proposals pile up and go into the next Ready together: group commit.
/// </summary>
internal sealed class BenchReplica : IDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(10);

    private readonly PaxosNode _node;
    private readonly RocksDbLogStore _store;
    private readonly InMemoryNetwork _network;
    private readonly InMemoryNetwork.Inbox _inbox;
    private readonly Thread _thread;
    private readonly Action<BenchReplica, IReadOnlyList<CommittedEntry>>? _onApplied;
    private readonly Func<BenchReplica, bool>? _propose;
    private volatile bool _stopping;
    private Exception? _failure;

    public BenchReplica(PaxosConfig config, RocksDbLogStore store, InMemoryNetwork network,
        Func<BenchReplica, bool>? propose, Action<BenchReplica, IReadOnlyList<CommittedEntry>>? onApplied)
    {
        _store = store;
        _network = network;
        _inbox = network.InboxOf(config.NodeId);
        _propose = propose;
        _onApplied = onApplied;
        DurableState state = store.Load();
        _node = new PaxosNode(config, state, state.CommitSlot);
        _thread = new Thread(Run) { Name = $"replica {config.NodeId}", IsBackground = true };
    }

    public PaxosNode Node => _node;

    public long SyncedWrites { get; private set; }

    public long Writes { get; private set; }

    public void Start() => _thread.Start();

    /// <summary>Wakes the host thread (new proposals are waiting).</summary>
    public void Wake() => _inbox.Wake();

    public void Stop()
    {
        _stopping = true;
        _inbox.Wake();
        _thread.Join();
        if (_failure is not null) throw new InvalidOperationException($"replica {_node.NodeId} failed", _failure);
    }

    private void Run()
    {
        try
        {
            long nextTick = Stopwatch.GetTimestamp() + Ticks(TickInterval);
            while (!_stopping)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= nextTick)
                {
                    _node.Tick();
                    nextTick = now + Ticks(TickInterval);
                }
                while (_inbox.Messages.TryDequeue(out byte[]? bytes)) _node.Step(MessageCodec.Decode(bytes));
                bool proposed = _propose?.Invoke(this) ?? false;
                if (_node.HasReady) HandleReady();
                else if (!proposed) _inbox.Wait(TimeSpan.FromTicks(Math.Max(0, nextTick - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
            }
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    private void HandleReady()
    {
        Ready ready = _node.Ready();
        if (!ready.HasNothingToPersist)
        {
            _store.Persist(PersistBatch.From(ready));
            Writes++;
            if (ready.MustSync) SyncedWrites++;
        }
        foreach (OutboundMessage outbound in ready.Messages) _network.Send(outbound.To, MessageCodec.Encode(outbound.Message));
        if (ready.CommittedEntries.Count > 0) _onApplied?.Invoke(this, ready.CommittedEntries);
        _node.Advance(ready);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public void Dispose() => _store.Dispose();
}
