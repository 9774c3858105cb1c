using System.Text;
using Plover.Sandbox.Guest;
using Plover.Sandbox.Tests.Wasi;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>
/// A guest that traps, computes forever, runs out of memory or breaks the blocking protocol ends
/// its machine with a precise result; the host carries on (and other machines with it).
/// </summary>
public class GuestFailureTests
{
    private const string Imports = """
          (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_recv" (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        """;

    [Fact]
    public void ATrapEndsTheMachineWithItsCode()
    {
        using GuestMachine machine = Command("""(func (export "_start") (drop (i32.div_s (i32.const 1) (i32.const 0))))""");
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Trapped, result.Status);
        Assert.Equal(TrapCode.IntegerDivideByZero, result.Trap!.Code);
        Assert.Contains("integer divide by zero", result.Description);
        Assert.Equal(GuestMachinePhase.Finished, machine.Phase);
        Assert.Same(result, machine.RunUntilBlocked());  // final: asking again gives the same answer
    }

    [Fact]
    public void AGuestThatNeverStopsRunsOutOfFuel()
    {
        using GuestMachine machine = Command("""(func (export "_start") (loop $forever (br $forever)))""", new GuestMachineOptions { FuelPerRun = 5_000_000 });
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.OutOfFuel, result.Status);
        Assert.Equal(TrapCode.OutOfFuel, result.Trap!.Code);
    }

    [Fact]
    public void FuelIsPerRunSoAServiceThatBlocksKeepsRunning()
    {
        // Each request costs a little fuel; many runs together cost far more than one run's allowance.
        var options = new GuestMachineOptions { FuelPerRun = 200_000 };
        using var kv = new RespDriver(GuestModules.Kv, options: options);
        kv.RunToBlock();
        kv.Connect(1);
        for (int i = 0; i < 200; i++) kv.Send(1, ["SET", $"k{i}", "v"]);
        Assert.Equal(GuestMachinePhase.Blocked, kv.Machine.Phase);
        kv.Machine.Deliver(1, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", 5000))));
        Assert.Equal(GuestRunStatus.OutOfFuel, kv.Machine.RunUntilBlocked().Status);
    }

    [Fact]
    public void DeepRecursionExhaustsTheCallStackBudget()
    {
        using GuestMachine machine = Command("""
            (func $down (param i32) (result i32) (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
            (func (export "_start") (drop (call $down (i32.const 0))))
            """);
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Trapped, result.Status);
        Assert.Equal(TrapCode.CallStackExhausted, result.Trap!.Code);
    }

    [Fact]
    public void GrowingPastTheLimitThenTrappingIsAMemoryLimitFailure()
    {
        using GuestMachine machine = Command("""
            (func (export "_start")
              (loop $more
                (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
              unreachable)
            """, new GuestMachineOptions { MemoryPagesLimit = 100 });
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.MemoryLimitExceeded, result.Status);
        Assert.Equal(TrapCode.Unreachable, result.Trap!.Code);
        Assert.True(machine.MemoryLimitHit);
        Assert.Contains("limit of 100 pages", result.Description);
        Assert.True(machine.MemoryPages <= 100);
    }

    [GuestFact]
    public void KvAskedToHoldMoreThanItsMemoryFailsOnTheLimit()
    {
        using var kv = new RespDriver(GuestModules.Kv, options: new GuestMachineOptions { MemoryPagesLimit = 80 });
        kv.RunToBlock();
        kv.Connect(1);
        kv.Send(1, ["SET", "small", "fits"]);
        Assert.Equal("+OK\r\n", kv.Received(1));
        string value = new('v', 1 << 20);
        GuestRunResult result = GuestRunResult(kv, Enumerable.Range(0, 8).Select(i => new[] { "SET", $"big{i}", value }).ToArray());
        Assert.Equal(GuestRunStatus.MemoryLimitExceeded, result.Status);
        Assert.True(kv.Machine.MemoryLimitHit);
    }

    [Fact]
    public void AnExitCodeIsReported()
    {
        using GuestMachine machine = Command("""(func (export "_start") (call $exit (i32.const 42)))""");
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Exited, result.Status);
        Assert.Equal(42u, result.ExitCode);
    }

    [Fact]
    public void ReturningFromStartIsExitZero()
    {
        using GuestMachine machine = Command("""(func (export "_start"))""");
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Exited, result.Status);
        Assert.Equal(0u, result.ExitCode);
    }

    [Fact]
    public void AnUnwoundStackLargerThanTheBufferIsAnOverflowNotCorruption()
    {
        // Recurses 200 deep with eight live i64 locals per frame, then blocks in sock_accept.
        const string deep = Imports + """
              (memory (export "memory") 2)
              (func $down (param $n i32) (result i64)
                (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $e i64) (local $f i64) (local $g i64) (local $h i64)
                (local.set $a (i64.extend_i32_u (local.get $n))) (local.set $b (i64.mul (local.get $a) (i64.const 3)))
                (local.set $c (i64.add (local.get $b) (i64.const 5))) (local.set $d (i64.xor (local.get $c) (local.get $a)))
                (local.set $e (i64.rotl (local.get $d) (i64.const 7))) (local.set $f (i64.add (local.get $e) (local.get $b)))
                (local.set $g (i64.mul (local.get $f) (local.get $f))) (local.set $h (i64.sub (local.get $g) (local.get $c)))
                (if (i32.eqz (local.get $n)) (then (drop (call $accept (i32.const 3) (i32.const 0) (i32.const 0x100)))))
                (if (i32.gt_u (local.get $n) (i32.const 0)) (then (local.set $a (call $down (i32.sub (local.get $n) (i32.const 1))))))
                (i64.add (i64.add (i64.add (local.get $a) (local.get $b)) (i64.add (local.get $c) (local.get $d)))
                         (i64.add (i64.add (local.get $e) (local.get $f)) (i64.add (local.get $g) (local.get $h)))))
              (func (export "_start") (drop (call $down (i32.const 200)))))
            """;
        using GuestMachine small = Served(deep, new GuestMachineOptions { AsyncifyBufferBytes = 1024 }, out _);
        GuestRunResult result = small.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Faulted, result.Status);
        Assert.Equal(GuestFaultKind.AsyncifyBufferOverflow, result.Fault!.Kind);
        Assert.Contains("holds 1024", result.Fault.Message);

        using GuestMachine roomy = Served(deep, new GuestMachineOptions(), out _);
        Assert.Equal(GuestRunStatus.Blocked, roomy.RunUntilBlocked().Status);
        Assert.True(roomy.AsyncifyBytesUsed > 1024);
        roomy.Connect(1);
        Assert.Equal(GuestRunStatus.Exited, roomy.RunUntilBlocked().Status);
    }

    [Fact]
    public void AGuestWritingIntoTheAsyncifyBufferIsCaughtBeforeTheNextUnwind()
    {
        // After its first block, it stores into the last 64 KiB page of memory (where the buffer
        // was placed) and blocks again.
        const string scribbler = Imports + """
              (memory (export "memory") 2)
              (func (export "_start")
                (drop (call $accept (i32.const 3) (i32.const 0) (i32.const 0x100)))
                (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 16)) (i32.const 7))
                (drop (call $accept (i32.const 3) (i32.const 0) (i32.const 0x100)))))
            """;
        using GuestMachine machine = Served(scribbler, new GuestMachineOptions(), out _);
        Assert.Equal(GuestRunStatus.Blocked, machine.RunUntilBlocked().Status);
        machine.Connect(1);
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Faulted, result.Status);
        Assert.Equal(GuestFaultKind.AsyncifyBufferWritten, result.Fault!.Kind);
    }

    [GuestFact]
    public void ACorruptedSavedStackIsAProtocolFaultNotATrap()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        kv.RunToBlock();
        uint buffer = kv.Machine.AsyncifyBufferAddress!.Value;
        int page = (int)(buffer >> 12);
        byte[] bytes = kv.Machine.ReadPage(page);
        // Every saved frame starts with the index of the call it was in; garbage there sends the rewind nowhere.
        for (int i = 8; i < 8 + (int)kv.Machine.AsyncifyBytesUsed; i++) bytes[i] = 0xA5;
        kv.Machine.ApplyPages([new Plover.Sandbox.Guest.State.GuestPage(page, bytes)]);
        kv.Machine.Connect(1);
        GuestRunResult result = kv.Machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Faulted, result.Status);
        Assert.Equal(GuestFaultKind.AsyncifyProtocol, result.Fault!.Kind);
    }

    [Fact]
    public void AnUnpreparedGuestWaitingForInputFaultsInsteadOfHanging()
    {
        // poll_oneoff on a clock in deterministic time: time cannot pass while the guest holds the thread.
        using GuestMachine machine = Command(SleepOnce, new GuestMachineOptions { Wasi = new WasiConfiguration { Nondeterminism = WasiNondeterminism.Deterministic(1, 1) } });
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Faulted, result.Status);
        Assert.Equal(GuestFaultKind.BlockedWithoutAsyncify, result.Fault!.Kind);
    }

    [Fact]
    public void AnUnpreparedGuestSleepsInItsThreadInPassthroughTime()
    {
        using GuestMachine machine = Command(SleepOnce);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        GuestRunResult result = machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.Exited, result.Status);
        Assert.Equal(0u, result.ExitCode);
        Assert.True(clock.ElapsedMilliseconds >= 20, $"slept {clock.ElapsedMilliseconds} ms of 20");
    }

    [Fact]
    public void AnUnpreparedGuestCannotServeTheNetwork()
    {
        var e = Assert.Throws<Plover.Sandbox.Guest.GuestModuleException>(() =>
            new GuestMachine(WatGuest.Plain(Module("""(func (export "_start"))""")), new GuestMachineOptions { Wasi = new WasiConfiguration { Network = new RecordingNetworkSink() } }));
        Assert.Contains("prepared with Asyncify", e.Message);
    }

    [Fact]
    public void AForeignImportIsRefusedByName()
    {
        const string text = """(module (import "env" "host_secret" (func (result i32))) (memory (export "memory") 1) (func (export "_start")))""";
        var e = Assert.Throws<WasiLinkException>(() => new GuestMachine(WatGuest.Plain(text), new GuestMachineOptions()));
        Assert.Contains("env.host_secret", e.Message);
        const string mistyped = """(module (import "wasi_snapshot_preview1" "fd_close" (func (param f32) (result i32))) (memory (export "memory") 1) (func (export "_start")))""";
        e = Assert.Throws<WasiLinkException>(() => new GuestMachine(WatGuest.Plain(mistyped), new GuestMachineOptions()));
        Assert.Contains("fd_close", e.Message);
        Assert.Contains("(i32) -> i32", e.Message);
    }

    [Fact]
    public void AStartSectionCallingWasiIsRefused()
    {
        const string text = """
            (module
              (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func $early (drop (call $random (i32.const 0) (i32.const 8))))
              (start $early)
              (func (export "_start")))
            """;
        var e = Assert.Throws<Plover.Sandbox.Guest.GuestModuleException>(() => new GuestMachine(WatGuest.Plain(text), new GuestMachineOptions()));
        Assert.Contains("start function calls random_get", e.Message);
    }

    [Fact]
    public void OneMachineFailingLeavesAnotherRunning()
    {
        using GuestMachine failing = Command("""(func (export "_start") unreachable)""");
        using GuestMachine fine = Command("""(func (export "_start") (call $exit (i32.const 3)))""");
        Assert.Equal(GuestRunStatus.Trapped, failing.RunUntilBlocked().Status);
        Assert.Equal(3u, fine.RunUntilBlocked().ExitCode);
    }

    // poll_oneoff on one relative 20 ms clock subscription, then exit 0.
    private const string SleepOnce = """
          (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
          (func (export "_start")
            (i64.store (i32.const 0x100) (i64.const 1))             ;; userdata
            (i32.store8 (i32.const 0x108) (i32.const 0))            ;; tag: clock
            (i32.store (i32.const 0x110) (i32.const 1))             ;; monotonic
            (i64.store (i32.const 0x118) (i64.const 20000000))      ;; 20 ms
            (if (call $poll (i32.const 0x100) (i32.const 0x200) (i32.const 1) (i32.const 0x300)) (then unreachable)))
        """;

    private static string Module(string body) => $"(module {Imports} {body} (memory (export \"memory\") 1))";

    private static GuestMachine Command(string body, GuestMachineOptions? options = null) =>
        new(WatGuest.Plain(Module(body)), options ?? new GuestMachineOptions());

    private static GuestMachine Served(string body, GuestMachineOptions options, out RecordingNetworkSink sink)
    {
        sink = new RecordingNetworkSink();
        return new GuestMachine(WatGuest.Prepare($"(module {body}"), options with
        {
            Wasi = new WasiConfiguration { Network = sink, Nondeterminism = WasiNondeterminism.Deterministic(1, 1) },
        });
    }

    // Delivers in chunks the guest reads before the next arrives, as a front door honouring back-pressure would.
    private static GuestRunResult GuestRunResult(RespDriver kv, string[][] commands)
    {
        const int chunkBytes = 64 * 1024;
        GuestRunResult result = kv.Machine.RunUntilBlocked();
        foreach (string[] command in commands)
        {
            byte[] bytes = RespDriver.Encode(command);
            for (int at = 0; at < bytes.Length; at += chunkBytes)
            {
                Assert.Equal(WasiDeliverOutcome.Buffered, kv.Machine.Deliver(1, bytes.AsSpan(at, Math.Min(chunkBytes, bytes.Length - at))));
                result = kv.Machine.RunUntilBlocked();
                if (result.IsFinal) return result;
            }
        }
        return result;
    }
}
