using Plover.Consensus;
using Plover.Consensus.Storage;

namespace Plover.Simulation.Tests;

public class MemoryLogStoreTests
{
    private static readonly Ballot B = new(1, 1);

    private static PersistBatch Write(ulong slot, bool sync = false) =>
        new(new HardState(B, 0, 1), [new LogEntry(slot, B, SlotValue.NoOp)], sync, []);

    [Fact]
    public void A_write_is_visible_at_once_but_durable_only_after_a_sync()
    {
        var store = new MemoryLogStore(new StoreIdentity("t", 1));
        store.Write(Write(1));

        Assert.Single(store.Load().Entries);
        Assert.Empty(store.Durable.Entries);
        Assert.Equal(1, store.UnsyncedWrites);
        Assert.Single(store.Sync());
        Assert.Single(store.Durable.Entries);
    }

    [Fact]
    public void A_crash_keeps_a_prefix_of_the_unsynced_writes_and_loses_the_rest()
    {
        var keptCounts = new HashSet<int>();
        for (ulong seed = 0; seed < 40; seed++)
        {
            var store = new MemoryLogStore(new StoreIdentity("t", 1));
            store.Persist(Write(1, sync: true));
            for (ulong slot = 2; slot <= 5; slot++) store.Write(Write(slot));

            IReadOnlyList<PersistBatch> kept = store.Crash(new DeterministicRandom(seed));

            List<ulong> slots = store.Load().Entries.Select(e => e.Slot).ToList();
            Assert.Equal(Enumerable.Range(1, 1 + kept.Count).Select(s => (ulong)s), slots);
            Assert.Equal(0, store.UnsyncedWrites);
            keptCounts.Add(kept.Count);
        }
        Assert.Equal([0, 1, 2, 3, 4], keptCounts.Order());
    }

    [Fact]
    public void A_raised_first_slot_drops_the_entries_below_it()
    {
        var store = new MemoryLogStore(new StoreIdentity("t", 1));
        for (ulong slot = 1; slot <= 4; slot++) store.Persist(Write(slot, sync: true) with { HardState = new HardState(B, slot, 1) });
        store.Persist(new PersistBatch(new HardState(B, 4, 3), [], true, [new EngineWrite([1], [2])]));

        DurableState state = store.Load();
        Assert.Equal(3UL, state.FirstSlot);
        Assert.Equal([3UL, 4UL], state.Entries.Select(e => e.Slot));
        Assert.Equal([2], store.ReadEngineValue([1]));
    }
}
