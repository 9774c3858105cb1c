using System.Text;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Tests.Wasi;

public class StdioAndDescriptorTests
{
    private const uint StatAt = 0x600;

    private static (WasiFiletype Type, WasiFdFlags Flags, WasiRights Base, WasiRights Inheriting) Fdstat(WasiFixture wasi, int fd)
    {
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFdstatGet(wasi.Memory, fd, StatAt));
        return ((WasiFiletype)wasi.Memory.U8(StatAt), (WasiFdFlags)wasi.Memory.U16(StatAt + 2),
            (WasiRights)wasi.Memory.U64(StatAt + 8), (WasiRights)wasi.Memory.U64(StatAt + 16));
    }

    [Fact]
    public void Fd_write_gathers_every_iovec_to_stdout_in_order()
    {
        using var wasi = new WasiFixture();
        wasi.Memory.PlaceText(0x1000, "hello, ");
        wasi.Memory.PlaceText(0x2000, "");
        wasi.Memory.PlaceText(0x3000, "world\n");
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (0x1000, 7), (0x2000, 0), (0x3000, 6));
        Assert.Equal(WasiErrno.Success, wasi.Os.FdWrite(wasi.Memory, 1, WasiFixture.IovecsAt, 3, WasiFixture.OutAt));
        Assert.Equal(13u, wasi.Memory.U32(WasiFixture.OutAt));
        Assert.Equal("hello, world\n", Encoding.UTF8.GetString(wasi.Stdout.ToArray()));
        Assert.Empty(wasi.Stderr.ToArray());
        Assert.Equal([(WasiFixture.OutAt, 4u)], wasi.Memory.Writes);
    }

    [Fact]
    public void Fd_write_to_stderr_goes_to_its_own_stream()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Success, wasi.Write(2, "oops"));
        Assert.Equal("oops", Encoding.UTF8.GetString(wasi.Stderr.ToArray()));
    }

    [Fact]
    public void Fd_read_scatters_stdin_across_iovecs_and_then_reads_end_of_file()
    {
        using var wasi = new WasiFixture(new WasiConfiguration { Stdin = new MemoryStream(Encoding.UTF8.GetBytes("abcdefgh")) });
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (0x1000, 3), (0x2000, 100));
        Assert.Equal(WasiErrno.Success, wasi.Os.FdRead(wasi.Memory, 0, WasiFixture.IovecsAt, 2, WasiFixture.OutAt).Errno);
        Assert.Equal(8u, wasi.Memory.U32(WasiFixture.OutAt));
        Assert.Equal("abc", wasi.Memory.Text(0x1000, 3));
        Assert.Equal("defgh", wasi.Memory.Text(0x2000, 5));
        // Only the bytes actually stored are written (and so dirtied), not the whole second buffer.
        Assert.Equal([(0x1000u, 3u), (0x2000u, 5u), (WasiFixture.OutAt, 4u)], wasi.Memory.Writes);
        Assert.Equal(WasiErrno.Success, wasi.Os.FdRead(wasi.Memory, 0, WasiFixture.IovecsAt, 2, WasiFixture.OutAt).Errno);
        Assert.Equal(0u, wasi.Memory.U32(WasiFixture.OutAt));
    }

    [Fact]
    public void Stdio_is_a_character_device_without_seek_rights_so_libc_sees_a_terminal()
    {
        using var wasi = new WasiFixture();
        for (int fd = 0; fd < 3; fd++)
        {
            var stat = Fdstat(wasi, fd);
            Assert.Equal(WasiFiletype.CharacterDevice, stat.Type);
            Assert.Equal(WasiRights.None, stat.Base & (WasiRights.FdSeek | WasiRights.FdTell));
            Assert.Equal(fd == 0, (stat.Base & WasiRights.FdRead) != 0);
            Assert.Equal(fd != 0, (stat.Base & WasiRights.FdWrite) != 0);
        }
    }

    [Fact]
    public void Seeking_stdio_is_espipe()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Spipe, wasi.Os.FdSeek(wasi.Memory, 1, 0, (uint)WasiWhence.Set, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Spipe, wasi.Os.FdTell(wasi.Memory, 0, WasiFixture.OutAt));
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (0x1000, 4));
        Assert.Equal(WasiErrno.Spipe, wasi.Os.FdPread(wasi.Memory, 0, WasiFixture.IovecsAt, 1, 0, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Spipe, wasi.Os.FdPwrite(wasi.Memory, 1, WasiFixture.IovecsAt, 1, 0, WasiFixture.OutAt));
    }

    [Fact]
    public void Writing_stdin_or_reading_stdout_lacks_the_right()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Notcapable, wasi.Write(0, "x"));
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (0x1000, 4));
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdRead(wasi.Memory, 1, WasiFixture.IovecsAt, 1, WasiFixture.OutAt).Errno);
    }

    [Fact]
    public void Filestat_of_stdio_reports_only_the_file_type()
    {
        using var wasi = new WasiFixture();
        wasi.Memory.Place(StatAt, Enumerable.Repeat((byte)0xEE, 64).ToArray());
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFilestatGet(wasi.Memory, 1, StatAt));
        Assert.Equal((byte)WasiFiletype.CharacterDevice, wasi.Memory.U8(StatAt + 16));
        Assert.Equal(0UL, wasi.Memory.U64(StatAt + 32));
        Assert.Equal(0UL, wasi.Memory.U64(StatAt + 56));
    }

    [Fact]
    public void Closed_descriptors_are_ebadf_and_the_lowest_number_is_reused()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Success, wasi.Os.FdClose(wasi.Memory, 1));
        Assert.Equal(WasiErrno.Badf, wasi.Os.FdClose(wasi.Memory, 1));
        Assert.Equal(WasiErrno.Badf, wasi.Write(1, "gone"));
        Assert.Equal(WasiErrno.Badf, wasi.Os.FdFdstatGet(wasi.Memory, 1, StatAt));
        Assert.Equal(1, wasi.ConnectAndAccept(5));   // accept takes the lowest free number
    }

    [Fact]
    public void Renumber_moves_a_descriptor_over_another_and_closes_the_old_one()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Success, wasi.Os.FdRenumber(wasi.Memory, 2, 1));
        Assert.Equal(WasiErrno.Success, wasi.Write(1, "to stderr"));
        Assert.Equal("to stderr", Encoding.UTF8.GetString(wasi.Stderr.ToArray()));
        Assert.Equal(WasiErrno.Badf, wasi.Write(2, "x"));
        Assert.Equal(WasiErrno.Success, wasi.Os.FdRenumber(wasi.Memory, 1, 1));
        Assert.Equal(WasiErrno.Badf, wasi.Os.FdRenumber(wasi.Memory, 1, 9));   // the target must be open, as in wasmtime
        Assert.Equal(WasiErrno.Badf, wasi.Os.FdRenumber(wasi.Memory, 9, 1));
    }

    [Fact]
    public void Renumbering_over_a_connection_closes_it_at_the_sink()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(12);
        Assert.Equal(WasiErrno.Success, wasi.Os.FdRenumber(wasi.Memory, 2, fd));
        Assert.Contains("close 12", wasi.Sink.Events);
        Assert.Equal(0, wasi.Os.Network.LiveConnectionCount);
    }

    [Fact]
    public void Set_flags_keeps_append_and_nonblock_and_refuses_the_sync_flags()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFdstatSetFlags(wasi.Memory, 1, (uint)(WasiFdFlags.Append | WasiFdFlags.Nonblock)));
        Assert.Equal(WasiFdFlags.Append | WasiFdFlags.Nonblock, Fdstat(wasi, 1).Flags);
        Assert.Equal(WasiErrno.Inval, wasi.Os.FdFdstatSetFlags(wasi.Memory, 1, (uint)WasiFdFlags.Dsync));
        Assert.Equal(WasiErrno.Inval, wasi.Os.FdFdstatSetFlags(wasi.Memory, 1, 1u << 5));
        Assert.Equal(WasiErrno.Badf, wasi.Os.FdFdstatSetFlags(wasi.Memory, 40, 0));
    }

    [Fact]
    public void Set_rights_can_only_drop_rights()
    {
        using var wasi = new WasiFixture();
        var before = Fdstat(wasi, 1);
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdFdstatSetRights(wasi.Memory, 1, (ulong)(before.Base | WasiRights.FdRead), 0));
        Assert.Equal(WasiErrno.Inval, wasi.Os.FdFdstatSetRights(wasi.Memory, 1, 1UL << 40, 0));
        Assert.Equal(WasiErrno.Success, wasi.Os.FdFdstatSetRights(wasi.Memory, 1, (ulong)(before.Base & ~WasiRights.FdWrite), 0));
        Assert.Equal(WasiErrno.Notcapable, wasi.Write(1, "no longer"));
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdFdstatSetRights(wasi.Memory, 1, (ulong)before.Base, 0));
    }

    [Fact]
    public void Prestat_is_ebadf_on_stdio_and_on_the_socket_so_the_libc_scan_stops()
    {
        using var wasi = new WasiFixture();
        for (int fd = 0; fd <= 4; fd++) Assert.Equal(WasiErrno.Badf, wasi.Os.FdPrestatGet(wasi.Memory, fd, StatAt));
        Assert.Equal(WasiErrno.Notdir, wasi.Os.FdPrestatDirName(wasi.Memory, 3, StatAt, 10));
        Assert.Equal(WasiErrno.Badf, wasi.Os.FdPrestatDirName(wasi.Memory, 9, StatAt, 10));
    }

    [Fact]
    public void File_functions_on_stdio_and_sockets_lack_the_rights()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdSync(wasi.Memory, 1));
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdDatasync(wasi.Memory, 3));
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdFilestatSetSize(wasi.Memory, 1, 0));
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdAllocate(wasi.Memory, 1, 0, 1));
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdAdvise(wasi.Memory, 0, 0, 1, 0));
        Assert.Equal(WasiErrno.Inval, wasi.Os.FdAdvise(wasi.Memory, 0, 0, 1, 6));
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdFilestatSetTimes(wasi.Memory, 1, 0, 0, (uint)WasiFstFlags.Atim));
        Assert.Equal(WasiErrno.Notcapable, wasi.Os.FdReaddir(wasi.Memory, 3, 0x1000, 100, 0, WasiFixture.OutAt));
    }

    [Fact]
    public void Too_many_iovecs_is_einval()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Inval, wasi.Os.FdWrite(wasi.Memory, 1, WasiFixture.IovecsAt, 1025, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Inval, wasi.Os.FdRead(wasi.Memory, 0, WasiFixture.IovecsAt, 1025, WasiFixture.OutAt).Errno);
    }

    [Fact]
    public void An_iovec_pointing_outside_memory_is_efault_and_nothing_is_written()
    {
        using var wasi = new WasiFixture();
        wasi.Memory.PlaceText(0x1000, "first");
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (0x1000, 5), ((uint)wasi.Memory.Size - 2, 4));
        Assert.Equal(WasiErrno.Fault, wasi.Os.FdWrite(wasi.Memory, 1, WasiFixture.IovecsAt, 2, WasiFixture.OutAt));
        Assert.Empty(wasi.Stdout.ToArray());
        Assert.Equal(WasiErrno.Fault, wasi.Os.FdWrite(wasi.Memory, 1, (uint)wasi.Memory.Size - 4, 1, WasiFixture.OutAt));
        wasi.Memory.PlaceIovecs(WasiFixture.IovecsAt, (0x1000, 5));
        Assert.Equal(WasiErrno.Fault, wasi.Os.FdWrite(wasi.Memory, 1, WasiFixture.IovecsAt, 1, (uint)wasi.Memory.Size));
        Assert.Empty(wasi.Stdout.ToArray());
        Assert.Empty(wasi.Memory.Writes);
    }

    [Fact]
    public void Proc_exit_throws_the_exit_code_for_the_embedder()
    {
        using var wasi = new WasiFixture();
        var exit = Assert.Throws<WasiExitException>(() => wasi.Os.ProcExit(wasi.Memory, 3));
        Assert.Equal(3u, exit.ExitCode);
        Assert.True(exit.IsValidExitCode);
        Assert.False(Assert.Throws<WasiExitException>(() => wasi.Os.ProcExit(wasi.Memory, 126)).IsValidExitCode);
    }

    [Fact]
    public void Proc_raise_is_not_supported_and_sched_yield_succeeds()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Notsup, wasi.Os.ProcRaise(wasi.Memory, 15));
        Assert.Equal(WasiErrno.Inval, wasi.Os.ProcRaise(wasi.Memory, 31));
        Assert.Equal(WasiErrno.Success, wasi.Os.SchedYield(wasi.Memory));
    }
}
