using Plover.Sandbox.Guest;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>The kv guest (prepared with Asyncify) served through a machine's virtual network.</summary>
public class KvMachineTests
{
    [GuestFact]
    public void StartsAndBlocksWaitingForAConnection()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        GuestRunResult result = kv.RunToBlock();
        Assert.Equal("poll_oneoff", result.BlockedIn);
        Assert.Contains(result.WaitsOn, interest => interest.Fd == 3 && !interest.Write);
        Assert.Equal(GuestMachinePhase.Blocked, kv.Machine.Phase);
        Assert.False(kv.Machine.CanResume);
        Assert.True(kv.Machine.AsyncifyBytesUsed > 0);
        Assert.NotNull(kv.Machine.AsyncifyBufferAddress);
    }

    [GuestFact]
    public void AnswersCommandsAndPipelines()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        kv.RunToBlock();
        kv.Connect(7);
        kv.Send(7, ["PING"]);
        Assert.Equal("+PONG\r\n", kv.Received(7));
        kv.Send(7, ["SET", "k", "v1"], ["GET", "k"], ["INCR", "n"], ["INCRBY", "n", "41"], ["MSET", "a", "1", "b", "2"], ["MGET", "a", "b", "zz"], ["DBSIZE"]);
        Assert.Equal("+PONG\r\n+OK\r\n$2\r\nv1\r\n:1\r\n:42\r\n+OK\r\n*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n:4\r\n", kv.Received(7));
    }

    [GuestFact]
    public void ServesManyConnectionsAndSeesThemClose()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        kv.RunToBlock();
        for (ulong id = 1; id <= 20; id++) kv.Connect(id);
        for (ulong id = 1; id <= 20; id++) kv.Machine.Deliver(id, RespDriver.Encode(["SET", $"key{id}", $"{id * 10}"]));
        kv.RunToBlock();
        for (ulong id = 1; id <= 20; id++) Assert.Equal("+OK\r\n", kv.Received(id));
        kv.Send(3, ["GET", "key17"]);
        Assert.Equal("+OK\r\n$3\r\n170\r\n", kv.Received(3));
        Assert.True(kv.Machine.PeerClosed(5));
        kv.RunToBlock();
        Assert.Contains("close 5", kv.Sink.Events);
        Assert.Equal(19, kv.Machine.Network.LiveConnectionCount);
    }
}
