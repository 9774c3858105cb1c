using Plover.Sandbox.Guest;
using Plover.Sandbox.Tests.Wasi;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>
/// The pages a machine reports dirty since an epoch mark are exactly those written: by the
/// guest's stores (a store across a page boundary marks both pages), by the library OS (received
/// bytes and out-parameters), and by Asyncify's unwind into its buffer. None missed, none invented.
/// </summary>
public class DirtyPageTests
{
    // Accepts one connection, then receives 8-byte records (address, value) and stores the value
    // at the address, until the peer closes. Control data lives in page 0, the receive buffer in page 1.
    private const string StoreGuest = """
        (module
          (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_recv" (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 64)
          (func (export "_start")
            (local $fd i32)
            (if (call $accept (i32.const 3) (i32.const 0) (i32.const 0x200)) (then (call $exit (i32.const 1))))
            (local.set $fd (i32.load (i32.const 0x200)))
            (i32.store (i32.const 0x100) (i32.const 0x1000))
            (i32.store (i32.const 0x104) (i32.const 8))
            (loop $next
              ;; riflags 2 = RECV_WAITALL: a whole record or nothing
              (if (call $recv (local.get $fd) (i32.const 0x100) (i32.const 1) (i32.const 2) (i32.const 0x208) (i32.const 0x20c))
                (then (call $exit (i32.const 2))))
              (if (i32.eqz (i32.load (i32.const 0x208))) (then (call $exit (i32.const 0))))
              (i32.store (i32.load (i32.const 0x1000)) (i32.load (i32.const 0x1004)))
              (br $next))))
        """;

    private const int ControlPage = 0;
    private const int ReceiveBufferPage = 1;
    private const uint StoresFrom = 0x2000;
    private const uint StoresTo = 64 * 65536 - 4;

    [Fact]
    public void RandomStoresAndLibraryOsWritesAreReportedExactly()
    {
        using var machine = StartStoreGuest(out _);
        var random = new Random(20240607);
        for (int round = 0; round < 25; round++)
        {
            machine.MarkEpoch();
            Assert.Empty(machine.DirtyPagesSinceMark());
            int stores = random.Next(1, 40);
            var expected = new SortedSet<int> { ControlPage, ReceiveBufferPage };
            var records = new byte[stores * 8];
            for (int i = 0; i < stores; i++)
            {
                // Every few stores straddles a page boundary, which dirties both pages.
                uint address = i % 5 == 0
                    ? (uint)random.Next((int)(StoresFrom >> 12) + 1, (int)(StoresTo >> 12)) * 4096 - (uint)random.Next(1, 4)
                    : (uint)random.Next((int)StoresFrom, (int)StoresTo);
                BitConverter.TryWriteBytes(records.AsSpan(i * 8), address);
                BitConverter.TryWriteBytes(records.AsSpan(i * 8 + 4), random.Next());
                expected.Add((int)(address >> 12));
                expected.Add((int)((address + 3) >> 12));
            }
            Assert.Equal(WasiDeliverOutcome.Buffered, machine.Deliver(1, records));
            Assert.Equal(GuestRunStatus.Blocked, machine.RunUntilBlocked().Status);
            AddUnwindPages(machine, expected);
            Assert.Equal(expected.ToArray(), machine.DirtyPagesSinceMark());
        }
    }

    [Fact]
    public void AnEpochWithNothingDeliveredDirtiesNothing()
    {
        using var machine = StartStoreGuest(out _);
        machine.MarkEpoch();
        Assert.Equal(GuestRunStatus.Blocked, machine.RunUntilBlocked().Status);  // nothing can resume it: it does not run
        Assert.Empty(machine.DirtyPagesSinceMark());
    }

    [Fact]
    public void PageHashesFollowTheStores()
    {
        using var machine = StartStoreGuest(out _);
        machine.MarkEpoch();
        ulong[] before = machine.HashAllPages();
        var record = new byte[8];
        BitConverter.TryWriteBytes(record, 0x30000u);
        BitConverter.TryWriteBytes(record.AsSpan(4), 0x12345678);
        machine.Deliver(1, record);
        machine.RunUntilBlocked();
        ulong[] after = machine.HashAllPages();
        int[] changed = Enumerable.Range(0, after.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Contains(0x30000 >> 12, changed);
        Assert.Subset(machine.DirtyPagesSinceMark().ToHashSet(), changed.ToHashSet());
        Assert.Equal(machine.HashPage(0x30000 >> 12), after[0x30000 >> 12]);
    }

    private static GuestMachine StartStoreGuest(out RecordingNetworkSink sink)
    {
        sink = new RecordingNetworkSink();
        var machine = new GuestMachine(WatGuest.Prepare(StoreGuest), new GuestMachineOptions
        {
            Wasi = new WasiConfiguration { Network = sink, Nondeterminism = WasiNondeterminism.Deterministic(1, 1) },
        });
        Assert.Equal(GuestRunStatus.Blocked, machine.RunUntilBlocked().Status);
        Assert.Equal(WasiConnectOutcome.Queued, machine.Connect(1));
        GuestRunResult accepted = machine.RunUntilBlocked();
        Assert.Equal("sock_recv", accepted.BlockedIn);
        return machine;
    }

    // The unwind writes the buffer's header and the saved frames, nothing else.
    private static void AddUnwindPages(GuestMachine machine, SortedSet<int> pages)
    {
        uint start = machine.AsyncifyBufferAddress!.Value;
        long end = start + 8 + machine.AsyncifyBytesUsed;
        Assert.True(machine.AsyncifyBytesUsed > 0);
        for (long page = start >> 12; page <= (end - 1) >> 12; page++) pages.Add((int)page);
    }
}
