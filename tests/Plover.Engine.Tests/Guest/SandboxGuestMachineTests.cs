using Plover.Engine.Config;
using Plover.Engine.Epochs;
using Plover.Engine.Guest;
using Plover.Engine.Tests.Fakes;

namespace Plover.Engine.Tests.Guest;

/// <summary>The seam over the sandbox's guest VM, against the real kv and nondet guests.</summary>
public class SandboxGuestMachineTests
{
    private const ulong Client = 7;

    private static IGuestMachine Started(SandboxGuestFactory factory, RecordingSink sink)
    {
        IGuestMachine machine = factory.Create(sink);
        GuestRunResult first = machine.RunUntilBlocked();
        Assert.True(first.IsBlocked, first.ToString());
        return machine;
    }

    private static void Call(IGuestMachine machine, ulong connection, params string[] command)
    {
        Assert.Equal(GuestDeliverOutcome.Buffered, machine.Deliver(connection, RealGuests.Command(command)));
        Assert.True(machine.CanResume);
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.True(result.IsBlocked, result.ToString());
    }

    private static void Open(IGuestMachine machine, ulong connection)
    {
        Assert.Equal(GuestConnectOutcome.Queued, machine.Connect(connection));
        Assert.True(machine.RunUntilBlocked().IsBlocked);
    }

    /// <summary>Makes <paramref name="target"/>'s state equal to <paramref name="source"/>'s the way a backup is repaired: differing pages and parts only.</summary>
    private static (EpochSeal Seal, int PagesSent) Repair(GuestStateTracker source, GuestStateTracker target)
    {
        EpochSeal want = source.Last!;
        EpochSeal have = target.Last!;
        var pages = new List<(int, ReadOnlyMemory<byte>)>();
        for (int page = 0; page < source.Hashes.PageCount; page++)
        {
            ulong theirs = page < target.Hashes.PageCount ? target.Hashes[page] : PageHashTable.ZeroPageHash;
            if (theirs != source.Hashes[page]) pages.Add((page, source.CopyPage(page)));
        }
        EpochSeal after = target.ApplyPatch(want.Digest.PageCount, pages,
            want.Digest.Globals != have.Digest.Globals ? want.Globals : null,
            want.Digest.Table != have.Digest.Table ? want.Table : null,
            want.Digest.OsState != have.Digest.OsState ? want.OsState : null);
        return (after, pages.Count);
    }

    [Fact]
    public void Kv_serves_set_and_get_through_the_seam() => RealGuests.OnLargeStack(() =>
    {
        var sink = new RecordingSink();
        using IGuestMachine kv = Started(RealGuests.Factory("kv.wasm", NondeterminismMode.Deterministic), sink);
        Assert.False(kv.CanResume);
        Open(kv, Client);
        Call(kv, Client, "SET", "a", "hello");
        Call(kv, Client, "GET", "a");
        Assert.Equal(["send 7 +OK\r\n", "send 7 $5\r\nhello\r\n"], sink.Events);
        Assert.True(kv.PeerClosed(Client));
        Assert.True(kv.RunUntilBlocked().IsBlocked);
        Assert.Equal("close 7", sink.Events[^1]);
    });

    [Fact]
    public void Dirty_pages_are_exact_and_taking_them_clears_the_set() => RealGuests.OnLargeStack(() =>
    {
        using IGuestMachine kv = Started(RealGuests.Factory("kv.wasm", NondeterminismMode.Deterministic), new RecordingSink());
        Assert.True(kv.DirtyPageCount > 0, "start-up wrote memory");
        Assert.Equal(kv.DirtyPageCount, kv.TakeDirtyPages().Count);
        Assert.Equal(0, kv.DirtyPageCount);
        Assert.Empty(kv.TakeDirtyPages());
        Open(kv, Client);
        Call(kv, Client, "SET", "key", new string('x', 10_000));
        IReadOnlyList<int> dirty = kv.TakeDirtyPages();
        Assert.True(dirty.Count >= 3, $"a 10 KB value spans at least 3 pages; {dirty.Count} dirty");
        Assert.Equal(dirty.Order(), dirty);
        Assert.All(dirty, p => Assert.InRange(p, 0, kv.PageCount - 1));
        var page = new byte[IGuestMachine.PageBytes];
        kv.WritePage(dirty[0], page);
        Assert.Equal([dirty[0]], kv.TakeDirtyPages());
    });

    [Fact]
    public void Deterministic_replicas_fed_the_same_inputs_have_equal_digests() => RealGuests.OnLargeStack(() =>
    {
        SandboxGuestFactory factory = RealGuests.Factory("kv.wasm", NondeterminismMode.Deterministic);
        using IGuestMachine a = Started(factory, new RecordingSink());
        using IGuestMachine b = Started(factory, new RecordingSink());
        foreach (IGuestMachine machine in new[] { a, b })
        {
            Open(machine, Client);
            machine.SetEventContext(1_700_000_000_000_000_000, 99);
            Call(machine, Client, "SET", "k", "v");
            Call(machine, Client, "INCR", "n");
        }
        Assert.Equal(new GuestStateTracker(a).Seal().Digest, new GuestStateTracker(b).Seal().Digest);
    });

    [Fact]
    public void A_replica_patched_with_the_differing_pages_equals_the_source_and_serves_on_from_its_state() => RealGuests.OnLargeStack(() =>
    {
        SandboxGuestFactory factory = RealGuests.Factory("kv.wasm", NondeterminismMode.Deterministic);
        var sinkB = new RecordingSink();
        using IGuestMachine a = Started(factory, new RecordingSink());
        using IGuestMachine b = Started(factory, sinkB);
        Open(a, Client);
        for (int i = 0; i < 200; i++) Call(a, Client, "SET", $"key{i}", new string((char)('a' + i % 26), 300));
        var source = new GuestStateTracker(a);
        var target = new GuestStateTracker(b);
        source.Seal();
        Assert.NotEqual(source.Last!.Digest, target.Seal().Digest);

        (EpochSeal after, int pagesSent) = Repair(source, target);

        Assert.Equal(source.Last!.Digest, after.Digest);
        Assert.InRange(pagesSent, 1, source.Hashes.PageCount - 1);
        Call(b, Client, "GET", "key123");
        Assert.Equal($"send 7 $300\r\n{new string((char)('a' + 123 % 26), 300)}\r\n", sinkB.Events.Single());
    });

    [Fact]
    public void Passthrough_nondet_replicas_diverge_on_the_same_input_and_a_patch_repairs_them() => RealGuests.OnLargeStack(() =>
    {
        SandboxGuestFactory factory = RealGuests.Factory("nondet.wasm", NondeterminismMode.Passthrough);
        var sinkA = new RecordingSink();
        var sinkB = new RecordingSink();
        using IGuestMachine a = Started(factory, sinkA);
        using IGuestMachine b = Started(factory, sinkB);
        var source = new GuestStateTracker(a);
        var target = new GuestStateTracker(b);
        foreach (IGuestMachine machine in new[] { a, b })
        {
            Open(machine, Client);
            Call(machine, Client, "SET", "k", "v");
        }
        EpochSeal sourceSeal = source.Seal();
        EpochSeal targetSeal = target.Seal();
        Assert.NotEqual(sourceSeal.Digest, targetSeal.Digest);
        Assert.Equal(sourceSeal.Digest.PageCount, targetSeal.Digest.PageCount);

        (EpochSeal after, int pagesSent) = Repair(source, target);

        Assert.Equal(sourceSeal.Digest, after.Digest);
        Assert.InRange(pagesSent, 1, 8);
        Call(a, Client, "GET", "k");
        Call(b, Client, "GET", "k");
        Assert.Equal(sinkA.Events[^1], sinkB.Events[^1]);
    });

    [Fact]
    public void Growing_memory_takes_whole_wasm_pages_only() => RealGuests.OnLargeStack(() =>
    {
        using IGuestMachine kv = Started(RealGuests.Factory("kv.wasm", NondeterminismMode.Deterministic), new RecordingSink());
        int pages = kv.PageCount;
        Assert.Throws<InvariantViolationException>(() => kv.GrowTo(pages + 1));
        kv.GrowTo(pages + 16);
        Assert.Equal(pages + 16, kv.PageCount);
    });

    [Fact]
    public void A_guest_that_traps_is_reported_not_thrown() => RealGuests.OnLargeStack(() =>
    {
        // A zero fuel budget per run stops kv's first run: reported as a limit, never as an exception.
        SandboxGuestFactory factory = SandboxGuestFactory.Load(RealGuests.Path("kv.wasm"),
            new SandboxGuestSettings { Limits = new GuestLimits { FuelPerRun = 1 } });
        using IGuestMachine kv = factory.Create(new RecordingSink());
        GuestRunResult result = kv.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.LimitHit, result.Status);
        Assert.Contains("fuel", result.Detail);
    });
}
