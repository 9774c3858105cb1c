using Plover.Consensus.Storage;
using Plover.Engine.Checkpoints;
using Plover.Engine.Tests.Security;

namespace Plover.Engine.Tests.Checkpoints;

/// <summary>The record of the last installed snapshot, which lets a node stopped mid-transfer resume it.</summary>
public sealed class PendingSnapshotTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly RocksDbLogStore store;

    public PendingSnapshotTests()
    {
        store = RocksDbLogStore.Open(Path.Combine(folder.Path, "store"), new StoreIdentity("pending-snapshot-tests", 1));
    }

    public void Dispose()
    {
        store.Dispose();
        folder.Dispose();
    }

    [Fact]
    public void A_store_without_an_installed_snapshot_has_none()
    {
        Assert.Null(PendingSnapshot.Read(store));
    }

    [Fact]
    public void The_slot_and_offer_read_back_after_a_synced_write_and_the_newest_replaces_the_older()
    {
        store.Persist(new PersistBatch(null, [], Sync: true, [PendingSnapshot.Write(12683, [1, 2, 3])]));
        store.Persist(new PersistBatch(null, [], Sync: true, [PendingSnapshot.Write(20000, [9, 8])]));

        (ulong slot, byte[] offer) = PendingSnapshot.Read(store)!.Value;

        Assert.Equal(20000ul, slot);
        Assert.Equal(new byte[] { 9, 8 }, offer);
    }

    [Fact]
    public void A_record_too_short_for_its_slot_is_reported_as_corruption()
    {
        EngineWrite write = PendingSnapshot.Write(7, []);
        store.Persist(new PersistBatch(null, [], Sync: true, [write with { Value = write.Value![..5] }]));

        var e = Assert.Throws<CheckpointCorruptionException>(() => PendingSnapshot.Read(store));
        Assert.Contains("snapshot/pending", e.Message);
    }
}
