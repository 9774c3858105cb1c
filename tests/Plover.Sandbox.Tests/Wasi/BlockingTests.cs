using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Tests.Wasi;

/// <summary>
/// Calls that would block return <see cref="WasiCallResult.Blocked"/> with no effect at all;
/// the same call made again after new input gives the real result.
/// </summary>
public class BlockingTests
{
    [Fact]
    public void Accept_with_nothing_pending_blocks_without_effect_then_completes_on_retry()
    {
        using var wasi = new WasiFixture();
        WasiCallResult first = wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt);
        Assert.True(first.WouldBlock);
        Assert.Empty(wasi.Memory.Writes);
        Assert.Equal("sock_accept", wasi.Os.BlockedCall!.Function);
        Assert.Equal([new WasiFdInterest(WasiFixture.ListenerFd, false)], wasi.Os.BlockedCall.FdInterests);
        Assert.False(wasi.Os.CanResume());
        Assert.Null(wasi.Os.NanosecondsUntilDeadline());

        wasi.Os.Network.Connect(11);
        Assert.True(wasi.Os.CanResume());
        WasiCallResult retry = wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt);
        Assert.False(retry.WouldBlock);
        Assert.Equal(WasiErrno.Success, retry.Errno);
        Assert.Equal(4u, wasi.Memory.U32(WasiFixture.OutAt));
        Assert.Null(wasi.Os.BlockedCall);
    }

    [Fact]
    public void Accept_on_a_nonblocking_listener_is_eagain_instead()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFdstatSetFlags(wasi.Memory, WasiFixture.ListenerFd, (uint)WasiFdFlags.Nonblock));
        WasiCallResult result = wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt);
        Assert.False(result.WouldBlock);
        Assert.Equal(WasiErrno.Again, result.Errno);
        Assert.Null(wasi.Os.BlockedCall);
    }

    [Fact]
    public void Recv_with_nothing_buffered_blocks_then_returns_the_delivered_bytes()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Memory.Writes.Clear();
        Assert.True(wasi.Receive(fd).Result.WouldBlock);
        Assert.Empty(wasi.Memory.Writes);
        Assert.False(wasi.Os.CanResume());
        wasi.Os.Network.Deliver(1, "SET a 1\r\n"u8);
        Assert.True(wasi.Os.CanResume());
        var (result, text) = wasi.Receive(fd);
        Assert.Equal(WasiErrno.Success, result.Errno);
        Assert.Equal("SET a 1\r\n", text);
    }

    [Fact]
    public void Recv_blocked_on_a_silent_peer_resumes_with_end_of_file_when_it_closes()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        Assert.True(wasi.Receive(fd).Result.WouldBlock);
        wasi.Os.Network.PeerClosed(1);
        Assert.True(wasi.Os.CanResume());
        var (result, text) = wasi.Receive(fd);
        Assert.Equal(WasiErrno.Success, result.Errno);
        Assert.Equal("", text);
    }

    [Fact]
    public void Fd_read_on_a_blocking_connection_blocks_and_records_its_own_arguments()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (WasiFixture.BufferAt, 64));
        Assert.True(wasi.Os.FdRead(wasi.Memory, fd, WasiFixture.IovecsAt, 1, WasiFixture.OutAt).WouldBlock);
        Assert.Equal("fd_read", wasi.Os.BlockedCall!.Function);
        Assert.Equal([(ulong)fd, WasiFixture.IovecsAt, 1UL, WasiFixture.OutAt], wasi.Os.BlockedCall.Arguments);
        wasi.Os.Network.Deliver(1, "x"u8);
        Assert.Equal(WasiErrno.Success, wasi.Os.FdRead(wasi.Memory, fd, WasiFixture.IovecsAt, 1, WasiFixture.OutAt).Errno);
        Assert.Equal(1u, wasi.Memory.U32(WasiFixture.OutAt));
    }

    [Fact]
    public void Recv_on_a_nonblocking_connection_is_eagain()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFdstatSetFlags(wasi.Memory, fd, (uint)WasiFdFlags.Nonblock));
        WasiCallResult result = wasi.Receive(fd).Result;
        Assert.False(result.WouldBlock);
        Assert.Equal(WasiErrno.Again, result.Errno);
    }

    [Fact]
    public void Waitall_blocks_until_the_whole_buffer_can_be_filled()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Os.Network.Deliver(1, "1234"u8);
        Assert.True(wasi.Receive(fd, capacity: 8, flags: WasiRiFlags.RecvWaitall).Result.WouldBlock);
        Assert.Equal(4, wasi.Os.Network.UnreadBytes(1));
        wasi.Os.Network.Deliver(1, "5678"u8);
        Assert.Equal("12345678", wasi.Receive(fd, capacity: 8, flags: WasiRiFlags.RecvWaitall).Text);
    }

    [Fact]
    public void Waitall_returns_what_is_left_once_the_peer_has_closed()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Os.Network.Deliver(1, "12"u8);
        wasi.Os.Network.PeerClosed(1);
        Assert.Equal("12", wasi.Receive(fd, capacity: 8, flags: WasiRiFlags.RecvWaitall).Text);
    }

    [Fact]
    public void A_zero_length_receive_never_blocks()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        var (result, _) = wasi.Receive(fd, capacity: 0);
        Assert.False(result.WouldBlock);
        Assert.Equal(0u, wasi.Memory.U32(WasiFixture.OutAt));
    }

    [Fact]
    public void A_completed_call_clears_the_blocked_call()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        Assert.True(wasi.Receive(fd).Result.WouldBlock);
        Assert.NotNull(wasi.Os.BlockedCall);
        Assert.Equal(WasiErrno.Success, wasi.Os.FdClose(wasi.Memory, fd));
        Assert.True(wasi.Os.CanResume());   // the descriptor is gone: a retry completes (with EBADF)
        Assert.Equal(WasiErrno.Badf, wasi.Receive(fd).Result.Errno);
        Assert.Null(wasi.Os.BlockedCall);
    }

    [Fact]
    public void A_blocked_result_has_no_wasm_value()
    {
        Assert.Throws<InvalidOperationException>(() => WasiCallResult.Blocked.ToWasm());
        Assert.Equal(8, ((WasiCallResult)WasiErrno.Badf).ToWasm());
    }

    [Fact]
    public void A_bad_out_pointer_is_efault_before_any_input_is_consumed()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Os.Network.Deliver(1, "keep"u8);
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (WasiFixture.BufferAt, 16));
        WasiCallResult result = wasi.Os.SockRecv(wasi.Memory, fd, WasiFixture.IovecsAt, 1, 0, WasiFixture.OutAt, (uint)wasi.Memory.Size - 1);
        Assert.Equal(WasiErrno.Fault, result.Errno);
        Assert.Equal(4, wasi.Os.Network.UnreadBytes(1));
        Assert.Equal(WasiErrno.Fault, wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, uint.MaxValue).Errno);
    }
}
