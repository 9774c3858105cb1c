using Plover.Consensus.Storage;
using Plover.Engine.Checkpoints;
using Plover.Engine.Epochs;
using Plover.Engine.Guest;
using Plover.Engine.Tests.Security;

namespace Plover.Engine.Tests.Checkpoints;

/// <summary>The checkpoint image in a real RocksDB store: increments, zeroed pages, damage, truncation policy.</summary>
public sealed class CheckpointStoreTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly RocksDbLogStore store;

    public CheckpointStoreTests()
    {
        store = RocksDbLogStore.Open(Path.Combine(folder.Path, "store"), new StoreIdentity("checkpoint-tests", 1));
    }

    public void Dispose()
    {
        store.Dispose();
        folder.Dispose();
    }

    [Fact]
    public void No_checkpoint_loads_as_none()
    {
        Assert.Null(new CheckpointStore(store).Load());
    }

    [Fact]
    public void An_increment_writes_only_changed_pages_and_the_image_holds_the_newest_of_each()
    {
        var checkpoints = new CheckpointStore(store);
        checkpoints.Write(new CheckpointCapture(CheckpointRecordTests.Meta(1, slot: 10), [(0, P(1)), (3, P(3)), (7, P(7))]));
        checkpoints.Write(new CheckpointCapture(CheckpointRecordTests.Meta(2, slot: 20), [(3, P(33)), (7, null), (9, P(9))]));

        LoadedCheckpoint loaded = checkpoints.Load()!;
        Assert.Equal(2UL, loaded.Metadata.Id);
        Assert.Equal(20UL, loaded.Metadata.Slot);
        Assert.Equal([0, 3, 9], loaded.Pages.Select(p => p.Index));
        Assert.Equal(P(1), loaded.Pages[0].Bytes.ToArray());
        Assert.Equal(P(33), loaded.Pages[1].Bytes.ToArray());
        Assert.Equal(P(9), loaded.Pages[2].Bytes.ToArray());
        Assert.Equal(new byte[IGuestMachine.PageBytes], checkpoints.ReadPage(7, 2));
    }

    [Fact]
    public void A_damaged_page_record_stops_the_load_naming_checkpoint_and_page()
    {
        var checkpoints = new CheckpointStore(store);
        checkpoints.Write(new CheckpointCapture(CheckpointRecordTests.Meta(1), [(0, P(1)), (5, P(5))]));
        byte[] record = store.ReadEngineValue(CheckpointKeys.Page(5))!;
        record[CheckpointPageRecord.HeaderBytes + 7] ^= 0x80;
        store.Persist(new PersistBatch(null, [], Sync: true, [new EngineWrite(CheckpointKeys.Page(5), record)]));

        var e = Assert.Throws<CheckpointCorruptionException>(checkpoints.Load);
        Assert.Equal(1UL, e.Checkpoint);
        Assert.Equal(5, e.Page);
    }

    [Fact]
    public void A_page_beyond_the_memory_size_is_corruption()
    {
        var checkpoints = new CheckpointStore(store);
        checkpoints.Write(new CheckpointCapture(CheckpointRecordTests.Meta(1, pageCount: 32), [(20, P(20))]));
        checkpoints.Write(new CheckpointCapture(CheckpointRecordTests.Meta(2, pageCount: 16), []));
        var e = Assert.Throws<CheckpointCorruptionException>(checkpoints.Load);
        Assert.Equal(20, e.Page);
        Assert.Contains("beyond the checkpoint's 16 pages", e.Message);
    }

    [Fact]
    public void Damaged_metadata_stops_the_load()
    {
        var checkpoints = new CheckpointStore(store);
        checkpoints.Write(new CheckpointCapture(CheckpointRecordTests.Meta(1), [(0, P(1))]));
        byte[] meta = store.ReadEngineValue(CheckpointKeys.Metadata)!;
        meta[^1] ^= 1;
        store.Persist(new PersistBatch(null, [], Sync: true, [new EngineWrite(CheckpointKeys.Metadata, meta)]));
        var e = Assert.Throws<CheckpointCorruptionException>(checkpoints.Load);
        Assert.Null(e.Page);
    }

    [Fact]
    public void The_baseline_reports_pages_whose_hash_moved_and_new_nonzero_pages()
    {
        var table = new PageHashTable();
        table.GrowTo(8);
        table.Set(2, 42);
        var baseline = new CheckpointBaseline();
        Assert.Equal([2], baseline.ChangedPages(table));
        baseline.Adopt(table);
        Assert.Empty(baseline.ChangedPages(table));
        table.GrowTo(16);
        table.Set(2, PageHashTable.ZeroPageHash);
        table.Set(12, 99);
        Assert.Equal([2, 12], baseline.ChangedPages(table));
    }

    [Fact]
    public void The_log_is_truncated_through_the_checkpoint_before_the_newest()
    {
        var truncation = new LogTruncation(loadedSlot: 0);
        Assert.Equal(0UL, truncation.CheckpointDurable(10));
        Assert.Equal(10UL, truncation.CheckpointDurable(25));
        Assert.Equal(25UL, truncation.CheckpointDurable(40));
        Assert.Throws<InvariantViolationException>(() => truncation.CheckpointDurable(39));
    }

    [Fact]
    public void The_writer_makes_a_checkpoint_durable_then_asks_for_truncation_through_the_previous_one()
    {
        var compacted = new List<ulong>();
        using var writer = new CheckpointWriter(new CheckpointStore(store), new LogTruncation(5), s => { lock (compacted) compacted.Add(s); },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.True(writer.TryQueue(new CheckpointCapture(CheckpointRecordTests.Meta(1, slot: 30), [(1, P(1))])));
        Assert.True(writer.WaitIdle(TimeSpan.FromSeconds(10)));
        Assert.True(writer.TryQueue(new CheckpointCapture(CheckpointRecordTests.Meta(2, slot: 60), [(2, P(2))])));
        Assert.True(writer.WaitIdle(TimeSpan.FromSeconds(10)));
        Assert.Equal([5UL, 30UL], compacted);
        Assert.Equal(2UL, writer.Durable!.Id);
        Assert.Equal(2, writer.CheckpointsWritten);
        Assert.Equal([1, 2], new CheckpointStore(store).Load()!.Pages.Select(p => p.Index));
    }

    [Fact]
    public void A_failed_write_is_fatal_and_refuses_later_checkpoints()
    {
        var broken = new ThrowingStore();
        using var writer = new CheckpointWriter(new CheckpointStore(broken), new LogTruncation(0), _ => { },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.True(writer.TryQueue(new CheckpointCapture(CheckpointRecordTests.Meta(1), [])));
        Assert.False(writer.WaitIdle(TimeSpan.FromSeconds(10)) && writer.Fatal is null);
        Assert.IsType<IOException>(writer.Fatal);
        Assert.Throws<CheckpointWriteException>(() => writer.TryQueue(new CheckpointCapture(CheckpointRecordTests.Meta(2), [])));
    }

    private static byte[] P(byte fill) => CheckpointRecordTests.Page(fill);

    private sealed class ThrowingStore : ILogStore
    {
        public StoreIdentity Identity => new("x", 1);

        Plover.Consensus.DurableState ILogStore.Load() => throw new NotSupportedException();

        public void Persist(PersistBatch batch) => throw new IOException("disk full (simulated)");

        public IReadOnlyList<Plover.Consensus.LogEntry> ReadEntries(ulong fromSlot, ulong toSlot) => [];

        public byte[]? ReadEngineValue(ReadOnlySpan<byte> key) => null;

        public IReadOnlyList<KeyValuePair<byte[], byte[]>> ReadEngineValues(ReadOnlySpan<byte> prefix) => [];

        public void Dispose()
        {
        }
    }
}
