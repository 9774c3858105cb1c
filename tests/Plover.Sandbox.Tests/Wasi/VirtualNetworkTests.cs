using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Sandbox.Tests.Wasi;

public class VirtualNetworkTests
{
    private const uint StatAt = 0x600;

    [Fact]
    public void Fd_3_is_a_listening_stream_socket()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFdstatGet(wasi.Memory, WasiFixture.ListenerFd, StatAt));
        Assert.Equal((byte)WasiFiletype.SocketStream, wasi.Memory.U8(StatAt));
        var rights = (WasiRights)wasi.Memory.U64(StatAt + 8);
        Assert.True(rights.HasFlag(WasiRights.SockAccept | WasiRights.PollFdReadwrite));
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFilestatGet(wasi.Memory, WasiFixture.ListenerFd, StatAt));
        Assert.Equal((byte)WasiFiletype.SocketStream, wasi.Memory.U8(StatAt + 16));
    }

    [Fact]
    public void A_connection_runs_end_to_end_connect_deliver_accept_recv_send_close()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiConnectOutcome.Queued, wasi.Os.Network.Connect(7));
        Assert.Equal(WasiDeliverOutcome.Buffered, wasi.Os.Network.Deliver(7, "PING\r\n"u8));
        Assert.Equal(WasiErrno.Success, wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt).Errno);
        int fd = (int)wasi.Memory.U32(WasiFixture.OutAt);
        Assert.Equal(4, fd);

        var (result, text) = wasi.Receive(fd);
        Assert.Equal(WasiErrno.Success, result.Errno);
        Assert.Equal("PING\r\n", text);
        Assert.Equal(0, wasi.Memory.U16(WasiFixture.Out2At));

        Assert.Equal(WasiErrno.Success, wasi.Send(fd, "+PONG\r\n"));
        Assert.Equal(7u, wasi.Memory.U32(WasiFixture.OutAt));
        Assert.Equal("+PONG\r\n", wasi.Sink.SentText(7));

        Assert.Equal(WasiErrno.Success, wasi.Os.FdClose(wasi.Memory, fd));
        Assert.Equal(["send 7 7", "close 7"], wasi.Sink.Events);
        Assert.Equal(0, wasi.Os.Network.LiveConnectionCount);
        Assert.Equal(WasiDeliverOutcome.Discarded, wasi.Os.Network.Deliver(7, "late"u8));
        Assert.False(wasi.Os.Network.PeerClosed(7));
    }

    [Fact]
    public void Accepted_connections_have_socket_type_and_the_listeners_inheriting_rights()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFdstatGet(wasi.Memory, WasiFixture.ListenerFd, StatAt));
        ulong inheriting = wasi.Memory.U64(StatAt + 16);
        int fd = wasi.ConnectAndAccept(1);
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFdstatGet(wasi.Memory, fd, StatAt));
        Assert.Equal((byte)WasiFiletype.SocketStream, wasi.Memory.U8(StatAt));
        Assert.Equal(inheriting, wasi.Memory.U64(StatAt + 8));
    }

    [Fact]
    public void Fd_read_and_fd_write_work_on_a_connection_like_recv_and_send()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(2);
        wasi.Os.Network.Deliver(2, "GET k\r\n"u8);
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (WasiFixture.BufferAt, 100));
        Assert.Equal(WasiErrno.Success, wasi.Os.FdRead(wasi.Memory, fd, WasiFixture.IovecsAt, 1, WasiFixture.OutAt).Errno);
        Assert.Equal("GET k\r\n", wasi.Memory.Text(WasiFixture.BufferAt, (int)wasi.Memory.U32(WasiFixture.OutAt)));
        Assert.Equal(WasiErrno.Success, wasi.Write(fd, "$-1\r\n"));
        Assert.Equal("$-1\r\n", wasi.Sink.SentText(2));
    }

    [Fact]
    public void Receive_scatters_across_iovecs_and_leaves_the_rest_buffered()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(3);
        wasi.Os.Network.Deliver(3, "0123456789"u8);
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (0x1000, 3), (0x2000, 0), (0x3000, 4));
        Assert.Equal(WasiErrno.Success, wasi.Os.SockRecv(wasi.Memory, fd, WasiFixture.IovecsAt, 3, 0, WasiFixture.OutAt, WasiFixture.Out2At).Errno);
        Assert.Equal(7u, wasi.Memory.U32(WasiFixture.OutAt));
        Assert.Equal("012", wasi.Memory.Text(0x1000, 3));
        Assert.Equal("3456", wasi.Memory.Text(0x3000, 4));
        Assert.Equal(3, wasi.Os.Network.UnreadBytes(3));
        Assert.Equal("789", wasi.Receive(fd).Text);
    }

    [Fact]
    public void An_empty_delivery_is_accepted_and_changes_nothing()
    {
        using var wasi = new WasiFixture();
        wasi.Os.Network.Connect(3);
        Assert.Equal(WasiDeliverOutcome.Buffered, wasi.Os.Network.Deliver(3, ReadOnlySpan<byte>.Empty));
        Assert.Equal(0, wasi.Os.Network.UnreadBytes(3));
    }

    [Fact]
    public void Peek_leaves_the_bytes_for_the_next_read()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(3);
        wasi.Os.Network.Deliver(3, "abc"u8);
        Assert.Equal("abc", wasi.Receive(fd, flags: WasiRiFlags.RecvPeek).Text);
        Assert.Equal("ab", wasi.Receive(fd, capacity: 2).Text);
        Assert.Equal("c", wasi.Receive(fd).Text);
    }

    [Fact]
    public void After_the_peer_closes_reads_drain_then_return_end_of_file()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(4);
        wasi.Os.Network.Deliver(4, "bye"u8);
        Assert.True(wasi.Os.Network.PeerClosed(4));
        Assert.Equal("bye", wasi.Receive(fd).Text);
        var (result, text) = wasi.Receive(fd);
        Assert.Equal(WasiErrno.Success, result.Errno);
        Assert.Equal("", text);
        Assert.Equal(0u, wasi.Memory.U32(WasiFixture.OutAt));
        Assert.Throws<WasiNetworkException>(() => wasi.Os.Network.Deliver(4, "more"u8));
    }

    [Fact]
    public void A_connection_closed_by_its_peer_before_accept_is_still_accepted_and_reads_end_of_file()
    {
        using var wasi = new WasiFixture();
        wasi.Os.Network.Connect(5);
        wasi.Os.Network.Deliver(5, "x"u8);
        wasi.Os.Network.PeerClosed(5);
        Assert.Equal(WasiErrno.Success, wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt).Errno);
        int fd = (int)wasi.Memory.U32(WasiFixture.OutAt);
        Assert.Equal("x", wasi.Receive(fd).Text);
        Assert.Equal("", wasi.Receive(fd).Text);
    }

    [Fact]
    public void Connections_are_accepted_oldest_first()
    {
        using var wasi = new WasiFixture();
        foreach (ulong id in new ulong[] { 30, 10, 20 }) wasi.Os.Network.Connect(id);
        foreach (ulong id in new ulong[] { 30, 10, 20 }) wasi.Os.Network.Deliver(id, BitConverter.GetBytes(id));
        foreach (ulong id in new ulong[] { 30, 10, 20 })
        {
            Assert.Equal(WasiErrno.Success, wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt).Errno);
            int fd = (int)wasi.Memory.U32(WasiFixture.OutAt);
            wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (WasiFixture.BufferAt, 8));
            wasi.Os.SockRecv(wasi.Memory, fd, WasiFixture.IovecsAt, 1, 0, WasiFixture.OutAt, WasiFixture.Out2At);
            Assert.Equal(id, wasi.Memory.U64(WasiFixture.BufferAt));
        }
    }

    [Fact]
    public void Sock_accept_gives_the_new_descriptor_the_requested_nonblock_flag_and_refuses_others()
    {
        using var wasi = new WasiFixture();
        wasi.Os.Network.Connect(1);
        Assert.Equal(WasiErrno.Inval, wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, (uint)WasiFdFlags.Append, WasiFixture.OutAt).Errno);
        Assert.Equal(WasiErrno.Success, wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, (uint)WasiFdFlags.Nonblock, WasiFixture.OutAt).Errno);
        int fd = (int)wasi.Memory.U32(WasiFixture.OutAt);
        Assert.Equal(WasiErrno.Again, wasi.Receive(fd).Result.Errno);
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFdstatGet(wasi.Memory, fd, StatAt));
        Assert.Equal((ushort)WasiFdFlags.Nonblock, wasi.Memory.U16(StatAt + 2));
    }

    [Fact]
    public void Socket_calls_on_the_wrong_descriptor_fail_with_the_posix_errors()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        Assert.Equal(WasiErrno.Notsock, wasi.Os.SockAccept(wasi.Memory, 1, 0, WasiFixture.OutAt).Errno);
        Assert.Equal(WasiErrno.Inval, wasi.Os.SockAccept(wasi.Memory, fd, 0, WasiFixture.OutAt).Errno);
        Assert.Equal(WasiErrno.Notsock, wasi.Receive(0).Result.Errno);
        Assert.Equal(WasiErrno.Notconn, wasi.Receive(WasiFixture.ListenerFd).Result.Errno);
        Assert.Equal(WasiErrno.Notsock, wasi.Send(1, "x"));
        Assert.Equal(WasiErrno.Notconn, wasi.Send(WasiFixture.ListenerFd, "x"));
        Assert.Equal(WasiErrno.Notsock, wasi.Os.SockShutdown(wasi.Memory, 2, (uint)WasiSdFlags.Wr));
        Assert.Equal(WasiErrno.Notconn, wasi.Os.SockShutdown(wasi.Memory, WasiFixture.ListenerFd, (uint)WasiSdFlags.Wr));
        Assert.Equal(WasiErrno.Badf, wasi.Os.SockShutdown(wasi.Memory, 99, (uint)WasiSdFlags.Wr));
        Assert.Equal(WasiErrno.Inval, wasi.Os.SockShutdown(wasi.Memory, fd, 0));
        Assert.Equal(WasiErrno.Inval, wasi.Os.SockShutdown(wasi.Memory, fd, 4));
        Assert.Equal(WasiErrno.Inval, wasi.Os.SockSend(wasi.Memory, fd, WasiFixture.IovecsAt, 0, 1, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Inval, wasi.Os.SockRecv(wasi.Memory, fd, WasiFixture.IovecsAt, 0, 4, WasiFixture.OutAt, WasiFixture.Out2At).Errno);
        Assert.Equal(WasiErrno.Spipe, wasi.Os.FdSeek(wasi.Memory, fd, 0, 0, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Inval, wasi.Os.FdFdstatSetFlags(wasi.Memory, fd, (uint)WasiFdFlags.Append));
    }

    [Fact]
    public void Shutdown_write_tells_the_sink_once_and_later_sends_are_epipe()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(8);
        Assert.Equal(WasiErrno.Success, wasi.Os.SockShutdown(wasi.Memory, fd, (uint)WasiSdFlags.Wr));
        Assert.Equal(WasiErrno.Success, wasi.Os.SockShutdown(wasi.Memory, fd, (uint)WasiSdFlags.Wr));
        Assert.Equal(WasiErrno.Pipe, wasi.Send(fd, "x"));
        Assert.Equal(WasiErrno.Pipe, wasi.Write(fd, "x"));
        Assert.Equal(["shutdown-send 8"], wasi.Sink.Events);
        wasi.Os.Network.Deliver(8, "still readable"u8);
        Assert.Equal("still readable", wasi.Receive(fd).Text);
    }

    [Fact]
    public void Shutdown_read_drops_buffered_and_later_input_and_reads_end_of_file()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(9);
        wasi.Os.Network.Deliver(9, "dropped"u8);
        Assert.Equal(WasiErrno.Success, wasi.Os.SockShutdown(wasi.Memory, fd, (uint)WasiSdFlags.Rd));
        Assert.Equal(WasiDeliverOutcome.Discarded, wasi.Os.Network.Deliver(9, "also dropped"u8));
        var (result, text) = wasi.Receive(fd);
        Assert.Equal(WasiErrno.Success, result.Errno);
        Assert.Equal("", text);
        Assert.Equal(WasiErrno.Success, wasi.Send(fd, "can still send"));
    }

    [Fact]
    public void Deliver_reports_full_at_the_high_water_mark_and_the_sink_hears_when_to_resume()
    {
        var limits = new WasiNetworkLimits { InputHighWaterBytes = 100, InputBytesMax = 1000 };
        var sink = new RecordingNetworkSink();
        using var wasi = new WasiFixture(WasiFixture.Replicated(sink, new MemoryStream(), new MemoryStream()) with { NetworkLimits = limits });
        int fd = wasi.ConnectAndAccept(1);
        Assert.Equal(WasiDeliverOutcome.Buffered, wasi.Os.Network.Deliver(1, new byte[99]));
        Assert.Equal(WasiDeliverOutcome.Full, wasi.Os.Network.Deliver(1, new byte[30]));
        Assert.Equal(129, wasi.Os.Network.UnreadBytes(1));
        Assert.Equal(79, wasi.Receive(fd, capacity: 50).Text.Length + 29);   // 79 left: above the low-water mark of 50
        Assert.DoesNotContain("resume 1", sink.Events);
        wasi.Receive(fd, capacity: 29);                                        // 50 left: at the low-water mark
        Assert.Equal(["resume 1"], sink.Events);
        wasi.Receive(fd, capacity: 50);
        Assert.Equal(["resume 1"], sink.Events);                              // told once per pause
    }

    [Fact]
    public void Delivering_past_the_hard_bound_is_an_embedder_error()
    {
        var limits = new WasiNetworkLimits { InputHighWaterBytes = 10, InputBytesMax = 20 };
        var sink = new RecordingNetworkSink();
        using var wasi = new WasiFixture(WasiFixture.Replicated(sink, new MemoryStream(), new MemoryStream()) with { NetworkLimits = limits });
        wasi.Os.Network.Connect(1);
        wasi.Os.Network.Deliver(1, new byte[20]);
        var error = Assert.Throws<WasiNetworkException>(() => wasi.Os.Network.Deliver(1, new byte[1]));
        Assert.Contains("connection 1", error.Message);
        Assert.Equal(20, wasi.Os.Network.UnreadBytes(1));
    }

    [Fact]
    public void The_accept_queue_is_bounded_and_ids_cannot_be_reused_while_live()
    {
        var limits = new WasiNetworkLimits { PendingConnectionsMax = 2, ConnectionsMax = 3 };
        var sink = new RecordingNetworkSink();
        using var wasi = new WasiFixture(WasiFixture.Replicated(sink, new MemoryStream(), new MemoryStream()) with { NetworkLimits = limits });
        Assert.Equal(WasiConnectOutcome.Queued, wasi.Os.Network.Connect(1));
        Assert.Equal(WasiConnectOutcome.Queued, wasi.Os.Network.Connect(2));
        Assert.Equal(WasiConnectOutcome.BacklogFull, wasi.Os.Network.Connect(3));
        Assert.Throws<WasiNetworkException>(() => wasi.Os.Network.Connect(1));
        wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt);
        wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt);
        Assert.Equal(WasiConnectOutcome.Queued, wasi.Os.Network.Connect(3));
        Assert.Equal(WasiConnectOutcome.TooManyConnections, wasi.Os.Network.Connect(4));
    }

    [Fact]
    public void A_connection_id_can_be_reused_after_the_guest_closes_it()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Os.FdClose(wasi.Memory, fd);
        Assert.Equal(fd, wasi.ConnectAndAccept(1));
    }

    [Fact]
    public void Closing_the_listener_closes_queued_connections_and_refuses_new_ones()
    {
        using var wasi = new WasiFixture();
        wasi.Os.Network.Connect(1);
        wasi.Os.Network.Connect(2);
        Assert.Equal(WasiErrno.Success, wasi.Os.FdClose(wasi.Memory, WasiFixture.ListenerFd));
        Assert.Equal(["close 1", "close 2"], wasi.Sink.Events);
        Assert.False(wasi.Os.Network.IsListening);
        Assert.Equal(WasiConnectOutcome.NotListening, wasi.Os.Network.Connect(3));
    }

    [Fact]
    public void Accept_fails_with_emfile_when_the_descriptor_table_is_full_and_keeps_the_connection_pending()
    {
        var sink = new RecordingNetworkSink();
        using var wasi = new WasiFixture(WasiFixture.Replicated(sink, new MemoryStream(), new MemoryStream()) with { DescriptorsMax = 5 });
        wasi.ConnectAndAccept(1);
        wasi.Os.Network.Connect(2);
        Assert.Equal(WasiErrno.Mfile, wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt).Errno);
        Assert.Equal(1, wasi.Os.Network.PendingConnectionCount);
    }

    [Fact]
    public void A_library_os_without_network_has_no_fd_3_and_says_so()
    {
        using var wasi = new WasiFixture(new WasiConfiguration());
        Assert.False(wasi.Os.HasNetwork);
        Assert.Throws<InvalidOperationException>(() => wasi.Os.Network);
        Assert.Equal(WasiErrno.Badf, wasi.Os.SockAccept(wasi.Memory, 3, 0, WasiFixture.OutAt).Errno);
    }

    [Fact]
    public void A_large_send_is_handed_off_in_full_up_to_the_per_call_bound()
    {
        using var wasi = new WasiFixture(new WasiConfiguration { Network = new RecordingNetworkSink() });
        var sink = (RecordingNetworkSink)wasi.Configuration.Network!;
        var memory = new FakeGuestMemory(4 << 20);
        wasi.Os.Network.Connect(1);
        wasi.Os.SockAccept(memory, 3, 0, 0x100);
        int fd = (int)memory.U32(0x100);
        memory.PlaceIovecs(0x200, (0x10000, 3 << 20));
        Assert.Equal(WasiErrno.Success, wasi.Os.SockSend(memory, fd, 0x200, 1, 0, 0x300));
        Assert.Equal((uint)WasiLibraryOs.IoBytesPerCallMax, memory.U32(0x300));
        Assert.Equal(WasiLibraryOs.IoBytesPerCallMax, sink.Sent[1].Length);
    }
}
