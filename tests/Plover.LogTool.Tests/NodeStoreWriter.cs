using Plover.Consensus;
using Plover.Consensus.Storage;
using Plover.Engine.Epochs;
using Plover.Engine.Hosting;
using Plover.Engine.Log;
using ConsensusEntry = Plover.Consensus.LogEntry;

namespace Plover.LogTool.Tests;

/// <summary>
/// Writes a node's store the way a node does: through <see cref="RocksDbLogStore"/> (hard state and
/// entries in one synced batch per step) and <see cref="EngineStore"/> (incarnation, epoch
/// statistics), with real <see cref="LogBatch"/> payloads. The store lives in DATA/store.
/// </summary>
internal sealed class NodeStoreWriter : IDisposable
{
    public const string ClusterId = "5b0c1f7e-logtool-test";

    private readonly RocksDbLogStore store;
    private ulong nextSlot = 1;
    private ulong commit;

    public NodeStoreWriter(string dataDirectory, int nodeId = 2)
    {
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(dataDirectory);
        store = RocksDbLogStore.Open(StorePath, new StoreIdentity(ClusterId, nodeId));
        Engine = new EngineStore(store);
        Incarnation = Engine.NextIncarnation();
    }

    public string DataDirectory { get; }

    public string StorePath => Path.Combine(DataDirectory, "store");

    public EngineStore Engine { get; }

    public uint Incarnation { get; }

    public Ballot Promised { get; private set; } = new(3, 1);

    public ulong LastSlot => nextSlot - 1;

    public ulong CommitSlot => commit;

    /// <summary>Appends one slot holding <paramref name="batches"/> (one proposal each), accepted in <paramref name="ballot"/>, committed or not.</summary>
    public ulong Append(Ballot ballot, bool committed, params LogBatch[] batches)
    {
        ulong slot = nextSlot++;
        SlotValue value = batches.Length == 0 ? SlotValue.NoOp : SlotValue.Batch(batches.Select(LogBatchCodec.Encode).ToArray());
        Promised = Ballot.Max(Promised, ballot);
        if (committed) commit = slot;
        store.Persist(new PersistBatch(new HardState(Promised, commit, 1), [new ConsensusEntry(slot, ballot, value)], Sync: true, []));
        return slot;
    }

    public void RecordEpoch(ulong epoch, int dirtied, int compared, int sent, long bytes, long pauseUs) => Engine.Record(new EpochStatistics
    {
        Epoch = epoch,
        Role = "primary",
        PagesDirtied = dirtied,
        PagesCompared = compared,
        PagesSent = sent,
        BytesSent = bytes,
        HashListsSent = sent > 0 ? 1 : 0,
        PauseMicroseconds = pauseUs,
        Digest = 0xABCDEF0000000000UL | epoch,
        DigestsEqual = true,
        Peers = [new PeerSync(2, sent > 0 ? SyncResult.Repaired : SyncResult.Equal, compared, sent, bytes)],
        UnixTimeMs = 1_790_000_000_000 + (long)epoch,
    });

    /// <summary>Lets the engine's epoch records go straight to the store (a node sends them with its persist steps).</summary>
    public void Dispose() => store.Dispose();
}
