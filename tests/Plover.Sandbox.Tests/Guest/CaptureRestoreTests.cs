using Plover.Sandbox.Guest;
using Plover.Sandbox.Guest.State;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>
/// A guest captured while blocked and restored into a fresh machine continues exactly as the
/// original: the same outputs, byte for byte, and the same state digests, directly and through
/// the serialized form.
/// </summary>
public class CaptureRestoreTests
{
    private static readonly string[][] Workload =
    [
        ["SET", "alpha", "1"], ["SET", "beta", "two"], ["INCRBY", "counter", "40"], ["MSET", "x", "10", "y", "20"],
        ["SET", "ttl", "v", "PX", "600000"], ["LPUSH", "list", "a", "b", "c"], ["HSET", "h", "f", "v"],
    ];

    private static readonly string[][] Further =
    [
        ["GET", "alpha"], ["INCR", "counter"], ["MGET", "x", "y", "beta"], ["DEL", "beta"], ["EXISTS", "beta", "x"],
        ["SET", "new", "value"], ["LRANGE", "list", "0", "-1"], ["PTTL", "ttl"], ["DBSIZE"], ["HGETALL", "h"],
    ];

    [GuestFact]
    public void RestoredKvAnswersAndHashesAsTheOriginal()
    {
        using var original = new RespDriver(GuestModules.Kv);
        RunWorkload(original);
        GuestState state = original.Machine.CaptureState();
        using var restored = RespDriver.Restored(GuestModules.Kv, original.Options, state);
        AssertContinueAlike(original, restored, offsets: (original.Received(1).Length, 0, original.Received(2).Length, 0));
    }

    [GuestFact]
    public void RestoredFromTheSerializedFormContinuesAlike()
    {
        using var original = new RespDriver(GuestModules.Kv);
        RunWorkload(original);
        byte[] bytes = original.Machine.CaptureState().Serialize();
        GuestState parsed = GuestState.Deserialize(bytes);
        Assert.Equal(original.Machine.ComputeDigest(), parsed.ComputeDigest());
        using var restored = RespDriver.Restored(GuestModules.Kv, original.Options, parsed);
        AssertContinueAlike(original, restored, offsets: (original.Received(1).Length, 0, original.Received(2).Length, 0));
    }

    [GuestFact]
    public void ACapturedStateDigestsAsTheMachineItCameFrom()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        RunWorkload(kv);
        GuestStateDigest machine = kv.Machine.ComputeDigest();
        GuestState state = kv.Machine.CaptureState();
        Assert.Equal(machine, state.ComputeDigest());
        Assert.True(state.Pages.Count < kv.Machine.PageCount, "all-zero pages are left out of the state");
        using var restored = RespDriver.Restored(GuestModules.Kv, kv.Options, state);
        Assert.Equal(machine, restored.Machine.ComputeDigest());
        Assert.Equal(kv.Machine.HashAllPages(), restored.Machine.HashAllPages());
    }

    [GuestFact]
    public void CaptureNeedsABlockedMachine()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        Assert.Throws<InvalidOperationException>(() => kv.Machine.CaptureState());
        kv.RunToBlock();
        Assert.NotNull(kv.Machine.CaptureState());
    }

    [GuestFact]
    public void StateOfAnotherModuleDoesNotRestore()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        kv.RunToBlock();
        GuestState state = kv.Machine.CaptureState();
        var e = Assert.Throws<GuestStateException>(() => GuestMachine.Restore(GuestModules.Nondet, kv.Options, state).Dispose());
        Assert.Contains("belongs to module", e.Message);
    }

    private static void RunWorkload(RespDriver kv)
    {
        kv.RunToBlock();
        kv.Machine.SetEventContext(RespDriver.StartTimeNs + 1_000_000, 11);
        kv.Connect(1);
        kv.Connect(2);
        kv.Send(1, Workload[..4]);
        kv.Machine.SetEventContext(RespDriver.StartTimeNs + 2_000_000, 12);
        kv.Send(2, Workload[4..]);
    }

    private static void AssertContinueAlike(RespDriver original, RespDriver restored, (int One, int RestoredOne, int Two, int RestoredTwo) offsets)
    {
        Assert.Equal(original.Machine.ComputeDigest(), restored.Machine.ComputeDigest());
        long time = RespDriver.StartTimeNs + 10_000_000;
        foreach (RespDriver driver in new[] { original, restored })
        {
            driver.Machine.SetEventContext(time, 99);
            driver.Send(1, Further[..5]);
            driver.Machine.SetEventContext(time + 5_000_000, 100);
            driver.Send(2, Further[5..]);
            driver.Connect(3);
            driver.Send(3, ["PING"], ["GET", "new"]);
        }
        Assert.Equal(original.ReceivedSince(1, offsets.One), restored.ReceivedSince(1, offsets.RestoredOne));
        Assert.Equal(original.ReceivedSince(2, offsets.Two), restored.ReceivedSince(2, offsets.RestoredTwo));
        Assert.Equal(original.Received(3), restored.Received(3));
        Assert.Equal("$1\r\n1\r\n:41\r\n*3\r\n$2\r\n10\r\n$2\r\n20\r\n$3\r\ntwo\r\n:1\r\n:1\r\n", original.ReceivedSince(1, offsets.One));
        Assert.Equal("+PONG\r\n$5\r\nvalue\r\n", restored.Received(3));
        Assert.Equal(original.Machine.ComputeDigest(), restored.Machine.ComputeDigest());
    }
}
