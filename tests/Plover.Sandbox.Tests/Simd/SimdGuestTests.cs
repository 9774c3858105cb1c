using System.Runtime.Intrinsics;
using Plover.Sandbox.Guest;
using Plover.Sandbox.Guest.State;
using Plover.Sandbox.Tests.Guest;
using Plover.Sandbox.Tests.Wasi;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Simd;

/// <summary>
/// A SIMD guest prepared with Asyncify: a v128 local live across the blocking receive is saved in
/// the unwind buffer and restored on rewind, also through a captured and restored state.
/// </summary>
public class SimdGuestTests
{
    // Accepts one connection, then adds each 16-byte record received to a v128 accumulator (lanes
    // as i32x4) kept in a local across the blocking sock_recv, and stores the sum at 0x3000.
    private const string SummingGuest = """
        (module
          (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_recv" (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 4)
          (func (export "_start")
            (local $fd i32) (local $sum v128)
            (if (call $accept (i32.const 3) (i32.const 0) (i32.const 0x200)) (then (call $exit (i32.const 1))))
            (local.set $fd (i32.load (i32.const 0x200)))
            (i32.store (i32.const 0x100) (i32.const 0x1000))
            (i32.store (i32.const 0x104) (i32.const 16))
            (loop $next
              (if (call $recv (local.get $fd) (i32.const 0x100) (i32.const 1) (i32.const 2) (i32.const 0x208) (i32.const 0x20c))
                (then (call $exit (i32.const 2))))
              (if (i32.eqz (i32.load (i32.const 0x208))) (then (call $exit (i32.const 0))))
              (local.set $sum (i32x4.add (local.get $sum) (v128.load (i32.const 0x1000))))
              (v128.store (i32.const 0x3000) (local.get $sum))
              (br $next))))
        """;

    private static readonly GuestMachineOptions Options = new()
    {
        Wasi = new WasiConfiguration { Network = new RecordingNetworkSink(), Nondeterminism = WasiNondeterminism.Deterministic(1, 1) },
    };

    private static byte[] Record(int a, int b, int c, int d)
    {
        var bytes = new byte[16];
        Vector128.Create(a, b, c, d).AsByte().CopyTo(bytes);
        return bytes;
    }

    private static Vector128<int> StoredSum(GuestMachine machine) => Vector128.Create(machine.ReadPage(3).AsSpan(0, 16)).AsInt32();

    private static void Feed(GuestMachine machine, byte[] record)
    {
        Assert.Equal(WasiDeliverOutcome.Buffered, machine.Deliver(1, record));
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Blocked, result.Status);
        Assert.Equal("sock_recv", result.BlockedIn);
    }

    [Fact]
    public void AV128LocalSurvivesUnwindRewindAndRestore()
    {
        Module module = WatGuest.Prepare(SummingGuest);
        using var machine = new GuestMachine(module, Options);
        Assert.Equal(GuestRunStatus.Blocked, machine.RunUntilBlocked().Status);
        Assert.Equal(WasiConnectOutcome.Queued, machine.Connect(1));
        Assert.Equal("sock_recv", machine.RunUntilBlocked().BlockedIn);

        Feed(machine, Record(1, 2, 3, 4));
        Feed(machine, Record(10, -20, int.MaxValue, 0x100));
        Assert.Equal(Vector128.Create(11, -18, unchecked(int.MaxValue + 3), 0x104), StoredSum(machine));
        Assert.True(machine.AsyncifyBytesUsed >= 16, "the unwind saved no v128 local");

        GuestState state = GuestState.Deserialize(machine.CaptureState().Serialize());
        using GuestMachine restored = GuestMachine.Restore(module, Options, state);
        Feed(restored, Record(-11, 18, 5, -0x104));
        Assert.Equal(Vector128.Create(0, 0, unchecked(int.MaxValue + 8), 0), StoredSum(restored));
    }
}
