using System.Text;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.State;

namespace Plover.Sandbox.Tests.Wasi;

public sealed class HostFileTests : IDisposable
{
    private const int Preopen = 3;
    private const uint PathAt = 0x800;
    private const uint Path2At = 0xC00;
    private const uint StatAt = 0x600;
    private const WasiRights ReadRights = WasiRights.FdRead | WasiRights.FdSeek | WasiRights.FdTell | WasiRights.FdFilestatGet | WasiRights.FdReaddir;
    private const WasiRights WriteRights = ReadRights | WasiRights.FdWrite | WasiRights.FdFilestatSetSize | WasiRights.FdAllocate
        | WasiRights.FdAdvise | WasiRights.FdSync | WasiRights.FdDatasync | WasiRights.FdFilestatSetTimes | WasiRights.PollFdReadwrite;

    private readonly SandboxTree _tree = new();
    private readonly WasiFixture _wasi;

    public HostFileTests() => _wasi = new WasiFixture(_tree.Configuration());

    public void Dispose()
    {
        _wasi.Dispose();
        _tree.Dispose();
    }

    private FakeGuestMemory Memory => _wasi.Memory;
    private WasiLibraryOs Os => _wasi.Os;

    private uint PlacePath(string path, uint at = PathAt)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path);
        Memory.Place(at, bytes);
        return (uint)bytes.Length;
    }

    private WasiErrno Open(string path, out int fd, WasiOpenFlags oflags = WasiOpenFlags.None, WasiRights rights = ReadRights,
        WasiFdFlags fdFlags = WasiFdFlags.None, bool follow = true, int directory = Preopen)
    {
        uint length = PlacePath(path);
        WasiErrno result = Os.PathOpen(Memory, directory, follow ? 1u : 0u, PathAt, length, (uint)oflags, (ulong)rights, (ulong)rights, (uint)fdFlags, WasiFixture.OutAt);
        fd = result == WasiErrno.Success ? (int)Memory.U32(WasiFixture.OutAt) : -1;
        return result;
    }

    private string ReadAll(int fd)
    {
        Memory.PlaceIovecs(WasiFixture.IovecsAt, (WasiFixture.BufferAt, 4096));
        Assert.Equal(WasiErrno.Success, Os.FdRead(Memory, fd, WasiFixture.IovecsAt, 1, WasiFixture.OutAt).Errno);
        return Memory.Text(WasiFixture.BufferAt, (int)Memory.U32(WasiFixture.OutAt));
    }

    private (WasiFiletype Type, ulong Size, ulong ModificationNs) PathStat(string path, bool follow)
    {
        uint length = PlacePath(path);
        Assert.Equal(WasiErrno.Success, Os.PathFilestatGet(Memory, Preopen, follow ? 1u : 0u, PathAt, length, StatAt));
        return ((WasiFiletype)Memory.U8(StatAt + 16), Memory.U64(StatAt + 32), Memory.U64(StatAt + 48));
    }

    [Fact]
    public void The_preopen_is_announced_by_prestat_with_its_guest_name()
    {
        Assert.Equal(WasiErrno.Success, Os.FdPrestatGet(Memory, Preopen, StatAt));
        Assert.Equal(0, Memory.U8(StatAt));
        Assert.Equal((uint)SandboxTree.GuestPath.Length, Memory.U32(StatAt + 4));
        Assert.Equal(WasiErrno.Nametoolong, Os.FdPrestatDirName(Memory, Preopen, PathAt, 3));
        Assert.Equal(WasiErrno.Success, Os.FdPrestatDirName(Memory, Preopen, PathAt, 64));
        Assert.Equal(SandboxTree.GuestPath, Memory.Text(PathAt, SandboxTree.GuestPath.Length));
        Assert.Equal(WasiErrno.Badf, Os.FdPrestatGet(Memory, Preopen + 1, StatAt));
        Assert.True(Os.HasHostFileAccess);
    }

    [Fact]
    public void Preopens_come_after_the_socket_when_there_is_one()
    {
        using var wasi = new WasiFixture(_tree.Configuration(withNetwork: true));
        Assert.Equal(WasiErrno.Badf, wasi.Os.FdPrestatGet(wasi.Memory, 3, StatAt));
        Assert.Equal(WasiErrno.Success, wasi.Os.FdPrestatGet(wasi.Memory, 4, StatAt));
    }

    [Fact]
    public void Open_read_seek_and_stat_an_existing_file()
    {
        Assert.Equal(WasiErrno.Success, Open("hello.txt", out int fd));
        Assert.Equal(4, fd);
        Assert.Equal("hello world", ReadAll(fd));
        Assert.Equal("", ReadAll(fd));
        Assert.Equal(WasiErrno.Success, Os.FdSeek(Memory, fd, -5, (uint)WasiWhence.End, WasiFixture.OutAt));
        Assert.Equal(6UL, Memory.U64(WasiFixture.OutAt));
        Assert.Equal("world", ReadAll(fd));
        Assert.Equal(WasiErrno.Success, Os.FdTell(Memory, fd, WasiFixture.OutAt));
        Assert.Equal(11UL, Memory.U64(WasiFixture.OutAt));
        Memory.PlaceIovecs(WasiFixture.IovecsAt, (WasiFixture.BufferAt, 5));
        Assert.Equal(WasiErrno.Success, Os.FdPread(Memory, fd, WasiFixture.IovecsAt, 1, 0, WasiFixture.OutAt));
        Assert.Equal("hello", Memory.Text(WasiFixture.BufferAt, 5));
        Assert.Equal(WasiErrno.Success, Os.FdFilestatGet(Memory, fd, StatAt));
        Assert.Equal((byte)WasiFiletype.RegularFile, Memory.U8(StatAt + 16));
        Assert.Equal(11UL, Memory.U64(StatAt + 32));
        Assert.Equal(1UL, Memory.U64(StatAt + 24));
        Assert.Equal(WasiErrno.Inval, Os.FdSeek(Memory, fd, -100, (uint)WasiWhence.Cur, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Inval, Os.FdSeek(Memory, fd, 0, 3, WasiFixture.OutAt));
    }

    [Fact]
    public void An_opened_file_gets_only_the_rights_that_apply_to_files()
    {
        Assert.Equal(WasiErrno.Success, Open("hello.txt", out int fd, rights: ReadRights | WasiRights.PathOpen));
        Assert.Equal(WasiErrno.Success, Os.FdFdstatGet(Memory, fd, StatAt));
        Assert.Equal((byte)WasiFiletype.RegularFile, Memory.U8(StatAt));
        var rights = (WasiRights)Memory.U64(StatAt + 8);
        Assert.Equal(WasiRights.FdRead | WasiRights.FdSeek | WasiRights.FdTell | WasiRights.FdFilestatGet, rights);
        Assert.Equal(WasiErrno.Notcapable, _wasi.Write(fd, "no write right"));
    }

    [Fact]
    public void Create_write_truncate_and_append_reach_the_host_file()
    {
        Assert.Equal(WasiErrno.Success, Open("new.txt", out int fd, WasiOpenFlags.Creat | WasiOpenFlags.Excl, WriteRights));
        Assert.Equal(WasiErrno.Success, _wasi.Write(fd, "first line\n"));
        Assert.Equal("first line\n", File.ReadAllText(_tree.HostPath("new.txt")));
        Assert.Equal(WasiErrno.Exist, Open("new.txt", out _, WasiOpenFlags.Creat | WasiOpenFlags.Excl, WriteRights));
        Assert.Equal(WasiErrno.Success, Open("new.txt", out int appender, WasiOpenFlags.None, WriteRights, WasiFdFlags.Append));
        Assert.Equal(WasiErrno.Success, _wasi.Write(appender, "appended\n"));
        Assert.Equal("first line\nappended\n", File.ReadAllText(_tree.HostPath("new.txt")));
        Assert.Equal(WasiErrno.Success, Os.FdFdstatGet(Memory, appender, StatAt));
        Assert.Equal((ushort)WasiFdFlags.Append, Memory.U16(StatAt + 2));
        Assert.Equal(WasiErrno.Success, Open("new.txt", out int truncated, WasiOpenFlags.Trunc, WriteRights));
        Assert.Equal("", File.ReadAllText(_tree.HostPath("new.txt")));
        Memory.PlaceText(WasiFixture.BufferAt, "xy");
        Memory.PlaceIovecs(WasiFixture.IovecsAt, (WasiFixture.BufferAt, 2));
        Assert.Equal(WasiErrno.Success, Os.FdPwrite(Memory, truncated, WasiFixture.IovecsAt, 1, 3, WasiFixture.OutAt));
        Assert.Equal("\0\0\0xy", File.ReadAllText(_tree.HostPath("new.txt")));
    }

    [Fact]
    public void Set_flags_turns_append_on_for_an_open_file()
    {
        Assert.Equal(WasiErrno.Success, Open("hello.txt", out int fd, rights: WriteRights | WasiRights.FdFdstatSetFlags));
        Assert.Equal(WasiErrno.Success, _wasi.Write(fd, "J"));
        Assert.Equal(WasiErrno.Success, Os.FdFdstatSetFlags(Memory, fd, (uint)(WasiFdFlags.Append | WasiFdFlags.Nonblock)));
        Assert.Equal(WasiErrno.Success, _wasi.Write(fd, "!"));
        Assert.Equal("Jello world!", File.ReadAllText(_tree.HostPath("hello.txt")));
        Assert.Equal(WasiErrno.Success, Os.FdFdstatGet(Memory, fd, StatAt));
        Assert.Equal((ushort)(WasiFdFlags.Append | WasiFdFlags.Nonblock), Memory.U16(StatAt + 2));
        Assert.Equal(WasiErrno.Success, Os.FdFdstatSetFlags(Memory, fd, 0));
        Assert.Equal(WasiErrno.Success, Os.FdSeek(Memory, fd, 0, (uint)WasiWhence.Set, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Success, _wasi.Write(fd, "Y"));
        Assert.Equal("Yello world!", File.ReadAllText(_tree.HostPath("hello.txt")));
    }

    [Fact]
    public void Size_allocation_advice_sync_and_times_act_on_the_host_file()
    {
        Assert.Equal(WasiErrno.Success, Open("hello.txt", out int fd, rights: WriteRights));
        Assert.Equal(WasiErrno.Success, Os.FdFilestatSetSize(Memory, fd, 5));
        Assert.Equal("hello", File.ReadAllText(_tree.HostPath("hello.txt")));
        Assert.Equal(WasiErrno.Success, Os.FdAllocate(Memory, fd, 0, 100));
        Assert.Equal(100, new FileInfo(_tree.HostPath("hello.txt")).Length);
        Assert.Equal(WasiErrno.Success, Os.FdAdvise(Memory, fd, 0, 100, (uint)WasiAdvice.Sequential));
        Assert.Equal(WasiErrno.Success, Os.FdSync(Memory, fd));
        Assert.Equal(WasiErrno.Success, Os.FdDatasync(Memory, fd));
        const ulong when = 1_600_000_000_123_456_789;
        Assert.Equal(WasiErrno.Success, Os.FdFilestatSetTimes(Memory, fd, 0, when, (uint)WasiFstFlags.Mtim));
        Assert.Equal(when, PathStat("hello.txt", follow: false).ModificationNs);
        Assert.Equal(WasiErrno.Inval, Os.FdFilestatSetTimes(Memory, fd, 0, 0, (uint)(WasiFstFlags.Atim | WasiFstFlags.AtimNow)));
    }

    [Fact]
    public void Time_now_is_the_library_os_clock()
    {
        using var tree = new SandboxTree();
        using var wasi = new WasiFixture(tree.Configuration() with
        {
            Nondeterminism = Plover.Sandbox.Wasi.Time.WasiNondeterminism.Deterministic(1_500_000_000_000_000_000, 1),
        });
        byte[] path = "hello.txt"u8.ToArray();
        wasi.Memory.Place(PathAt, path);
        Assert.Equal(WasiErrno.Success, wasi.Os.PathFilestatSetTimes(wasi.Memory, Preopen, 0, PathAt, (uint)path.Length, 0, 0, (uint)WasiFstFlags.MtimNow));
        Assert.Equal(new DateTime(2017, 7, 14, 2, 40, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(tree.HostPath("hello.txt")));
    }

    [Fact]
    public void Readdir_lists_dot_entries_then_names_in_order_with_types_and_cookies()
    {
        Assert.Equal(WasiErrno.Success, Open("sub", out int dir, WasiOpenFlags.Directory));
        File.WriteAllText(_tree.HostPath("sub/a.txt"), "a");
        Assert.Equal(WasiErrno.Success, Os.FdReaddir(Memory, dir, WasiFixture.BufferAt, 4096, 0, WasiFixture.OutAt));
        var entries = ParseDirents(WasiFixture.BufferAt, (int)Memory.U32(WasiFixture.OutAt));
        Assert.Equal([".", "..", "a.txt", "deeper", "escape-deep", "inner.txt"], entries.Select(e => e.Name));
        Assert.Equal([1UL, 2, 3, 4, 5, 6], entries.Select(e => e.Next));
        Assert.Equal(
            [WasiFiletype.Directory, WasiFiletype.Directory, WasiFiletype.RegularFile, WasiFiletype.Directory, WasiFiletype.SymbolicLink, WasiFiletype.RegularFile],
            entries.Select(e => e.Type));
        Assert.NotEqual(0UL, entries[2].Inode);

        Assert.Equal(WasiErrno.Success, Os.FdReaddir(Memory, dir, WasiFixture.BufferAt, 4096, 4, WasiFixture.OutAt));
        Assert.Equal(["escape-deep", "inner.txt"], ParseDirents(WasiFixture.BufferAt, (int)Memory.U32(WasiFixture.OutAt)).Select(e => e.Name));
        Assert.Equal(WasiErrno.Success, Os.FdReaddir(Memory, dir, WasiFixture.BufferAt, 4096, 6, WasiFixture.OutAt));
        Assert.Equal(0u, Memory.U32(WasiFixture.OutAt));
    }

    [Fact]
    public void Readdir_fills_a_small_buffer_completely_cutting_the_last_entry()
    {
        Memory.Writes.Clear();
        Assert.Equal(WasiErrno.Success, Os.FdReaddir(Memory, Preopen, WasiFixture.BufferAt, 30, 0, WasiFixture.OutAt));
        Assert.Equal(30u, Memory.U32(WasiFixture.OutAt));
        Assert.Equal(1UL, Memory.U64(WasiFixture.BufferAt));
        Assert.Equal((byte)'.', Memory.U8(WasiFixture.BufferAt + 24));
        Assert.Equal(2UL, Memory.U64(WasiFixture.BufferAt + 25) & 0xFF);
        Assert.Equal([(WasiFixture.BufferAt, 30u), (WasiFixture.OutAt, 4u)], Memory.Writes);
    }

    private List<(ulong Next, ulong Inode, string Name, WasiFiletype Type)> ParseDirents(uint at, int length)
    {
        var entries = new List<(ulong, ulong, string, WasiFiletype)>();
        uint end = at + (uint)length;
        while (at < end)
        {
            uint nameLength = Memory.U32(at + 16);
            entries.Add((Memory.U64(at), Memory.U64(at + 8), Memory.Text(at + 24, (int)nameLength), (WasiFiletype)Memory.U8(at + 20)));
            at += 24 + nameLength;
        }
        return entries;
    }

    [Fact]
    public void Directories_are_created_removed_and_refused_where_posix_refuses()
    {
        uint length = PlacePath("made/");
        Assert.Equal(WasiErrno.Success, Os.PathCreateDirectory(Memory, Preopen, PathAt, length));
        Assert.True(Directory.Exists(_tree.HostPath("made")));
        Assert.Equal(WasiErrno.Exist, Os.PathCreateDirectory(Memory, Preopen, PathAt, PlacePath("made")));
        Assert.Equal(WasiErrno.Notempty, Os.PathRemoveDirectory(Memory, Preopen, PathAt, PlacePath("sub")));
        Assert.Equal(WasiErrno.Notdir, Os.PathRemoveDirectory(Memory, Preopen, PathAt, PlacePath("hello.txt")));
        Assert.Equal(WasiErrno.Isdir, Os.PathUnlinkFile(Memory, Preopen, PathAt, PlacePath("made")));
        Assert.Equal(WasiErrno.Success, Os.PathRemoveDirectory(Memory, Preopen, PathAt, PlacePath("made")));
        Assert.False(Directory.Exists(_tree.HostPath("made")));
        Assert.Equal(WasiErrno.Noent, Os.PathRemoveDirectory(Memory, Preopen, PathAt, PlacePath("made")));
    }

    [Fact]
    public void Files_are_unlinked_renamed_and_hard_linked()
    {
        Assert.Equal(WasiErrno.Success, Os.PathRename(Memory, Preopen, PathAt, PlacePath("hello.txt"), Preopen, Path2At, PlacePath("sub/moved.txt", Path2At)));
        Assert.Equal("hello world", File.ReadAllText(_tree.HostPath("sub/moved.txt")));
        Assert.Equal(WasiErrno.Success, Os.PathLink(Memory, Preopen, 0, PathAt, PlacePath("sub/moved.txt"), Preopen, Path2At, PlacePath("again.txt", Path2At)));
        Assert.Equal("hello world", File.ReadAllText(_tree.HostPath("again.txt")));
        Assert.Equal(WasiErrno.Success, Os.PathUnlinkFile(Memory, Preopen, PathAt, PlacePath("sub/moved.txt")));
        Assert.False(File.Exists(_tree.HostPath("sub/moved.txt")));
        Assert.Equal(WasiErrno.Noent, Os.PathUnlinkFile(Memory, Preopen, PathAt, PlacePath("sub/moved.txt")));
        Assert.Equal(WasiErrno.Notdir, Os.PathUnlinkFile(Memory, Preopen, PathAt, PlacePath("again.txt/")));
    }

    [Fact]
    public void Symlinks_are_created_read_and_followed_inside_the_sandbox()
    {
        Assert.Equal(WasiErrno.Success, Os.PathSymlink(Memory, Path2At, PlacePath("sub/inner.txt", Path2At), Preopen, PathAt, PlacePath("my-link")));
        Memory.Writes.Clear();
        Assert.Equal(WasiErrno.Success, Os.PathReadlink(Memory, Preopen, PathAt, PlacePath("my-link"), WasiFixture.BufferAt, 5, WasiFixture.OutAt));
        Assert.Equal(5u, Memory.U32(WasiFixture.OutAt));
        Assert.Equal("sub/i", Memory.Text(WasiFixture.BufferAt, 5));
        Assert.Equal(WasiErrno.Success, Open("my-link", out int fd));
        Assert.Equal("inner", ReadAll(fd));
        Assert.Equal(WasiErrno.Success, Open("dir-link/inner.txt", out int through));
        Assert.Equal("inner", ReadAll(through));
        Assert.Equal(WasiFiletype.SymbolicLink, PathStat("link-inside", follow: false).Type);
        Assert.Equal((WasiFiletype.RegularFile, 5UL), (PathStat("link-inside", follow: true).Type, PathStat("link-inside", follow: true).Size));
        Assert.Equal(WasiErrno.Inval, Os.PathReadlink(Memory, Preopen, PathAt, PlacePath("hello.txt"), WasiFixture.BufferAt, 64, WasiFixture.OutAt));
    }

    [Fact]
    public void Opening_a_symlink_without_following_is_eloop_and_a_cycle_is_eloop_too()
    {
        Assert.Equal(WasiErrno.Loop, Open("link-inside", out _, follow: false));
        Assert.Equal(WasiErrno.Loop, Open("loop-a", out _));
        Assert.Equal(WasiErrno.Loop, Open("loop-a/x", out _));
    }

    [Fact]
    public void Open_directory_flag_and_trailing_slash_require_a_directory()
    {
        Assert.Equal(WasiErrno.Notdir, Open("hello.txt", out _, WasiOpenFlags.Directory));
        Assert.Equal(WasiErrno.Notdir, Open("hello.txt/", out _));
        Assert.Equal(WasiErrno.Notdir, Open("hello.txt/more", out _));
        Assert.Equal(WasiErrno.Noent, Open("missing/file", out _));
        Assert.Equal(WasiErrno.Success, Open("sub/", out int dir, rights: ReadRights | WasiRights.PathOpen));
        Assert.Equal(WasiErrno.Success, Os.FdFdstatGet(Memory, dir, StatAt));
        Assert.Equal((byte)WasiFiletype.Directory, Memory.U8(StatAt));
        Assert.Equal(WasiErrno.Success, Open("deeper/../inner.txt", out int relative, directory: dir));
        Assert.Equal("inner", ReadAll(relative));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("sub/../../outside.txt")]
    [InlineData("sub/deeper/../../../outside.txt")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("escape-relative")]
    [InlineData("escape-absolute")]
    [InlineData("sub/escape-deep")]
    [InlineData("dir-link/escape-deep")]
    public void Paths_that_leave_the_preopen_are_refused_with_eperm(string path)
    {
        string[] before = _tree.ParentListing();
        Assert.Equal(WasiErrno.Perm, Open(path, out _));
        Assert.Equal(WasiErrno.Perm, Open(path, out _, WasiOpenFlags.Creat | WasiOpenFlags.Trunc, WriteRights));
        uint length = PlacePath(path);
        Assert.Equal(WasiErrno.Perm, Os.PathFilestatGet(Memory, Preopen, 1, PathAt, length, StatAt));
        Assert.Equal(SandboxTree.Secret, File.ReadAllText(_tree.OutsideFile));
        Assert.Equal(before, _tree.ParentListing());
    }

    [Fact]
    public void A_subdirectory_descriptor_is_a_capability_for_that_directory_only()
    {
        Assert.Equal(WasiErrno.Success, Open("sub", out int dir, WasiOpenFlags.Directory, ReadRights | WasiRights.PathOpen));
        Assert.Equal(WasiErrno.Success, Open("deeper/../inner.txt", out int inner, directory: dir));
        Assert.Equal("inner", ReadAll(inner));
        // As with cap-std's Dir: ".." from the descriptor's own directory is outside what it grants.
        Assert.Equal(WasiErrno.Perm, Open("../hello.txt", out _, directory: dir));
        Assert.Equal(WasiErrno.Perm, Open("..", out _, directory: dir));
    }

    [Fact]
    public void Every_path_function_refuses_to_create_or_change_anything_outside()
    {
        string[] before = _tree.ParentListing();
        Assert.Equal(WasiErrno.Perm, Os.PathCreateDirectory(Memory, Preopen, PathAt, PlacePath("../made")));
        Assert.Equal(WasiErrno.Perm, Os.PathUnlinkFile(Memory, Preopen, PathAt, PlacePath("../outside.txt")));
        Assert.Equal(WasiErrno.Perm, Os.PathRemoveDirectory(Memory, Preopen, PathAt, PlacePath("../root")));
        Assert.Equal(WasiErrno.Perm, Os.PathRename(Memory, Preopen, PathAt, PlacePath("hello.txt"), Preopen, Path2At, PlacePath("../stolen.txt", Path2At)));
        Assert.Equal(WasiErrno.Perm, Os.PathLink(Memory, Preopen, 1, PathAt, PlacePath("escape-relative"), Preopen, Path2At, PlacePath("hard", Path2At)));
        Assert.Equal(WasiErrno.Perm, Os.PathSymlink(Memory, Path2At, PlacePath("/etc/passwd", Path2At), Preopen, PathAt, PlacePath("abs-link")));
        Assert.Equal(WasiErrno.Perm, Os.PathFilestatSetTimes(Memory, Preopen, 1, PathAt, PlacePath("escape-absolute"), 0, 0, (uint)WasiFstFlags.MtimNow));
        Assert.Equal(WasiErrno.Perm, Os.PathReadlink(Memory, Preopen, PathAt, PlacePath("../outside.txt"), WasiFixture.BufferAt, 10, WasiFixture.OutAt));
        Assert.Equal(before, _tree.ParentListing());
        Assert.Equal(SandboxTree.Secret, File.ReadAllText(_tree.OutsideFile));
        Assert.False(File.Exists(_tree.HostPath("abs-link")));
        Assert.True(File.Exists(_tree.HostPath("hello.txt")));
    }

    [Fact]
    public void A_relative_symlink_pointing_out_can_be_made_but_never_followed()
    {
        Assert.Equal(WasiErrno.Success, Os.PathSymlink(Memory, Path2At, PlacePath("../outside.txt", Path2At), Preopen, PathAt, PlacePath("made-escape")));
        Assert.Equal(WasiErrno.Perm, Open("made-escape", out _));
        Assert.Equal(WasiErrno.Loop, Open("made-escape", out _, follow: false));
    }

    [Fact]
    public void Rights_limit_what_a_preopen_can_open()
    {
        Assert.Equal(WasiErrno.Success, Os.FdFdstatGet(Memory, Preopen, StatAt));
        var rights = (WasiRights)Memory.U64(StatAt + 8);
        var inheriting = (WasiRights)Memory.U64(StatAt + 16);
        Assert.Equal(WasiErrno.Success, Os.FdFdstatSetRights(Memory, Preopen, (ulong)(rights & ~WasiRights.PathCreateFile), (ulong)(inheriting & ~WasiRights.FdWrite)));
        Assert.Equal(WasiErrno.Notcapable, Open("hello.txt", out _, rights: WriteRights));
        Assert.Equal(WasiErrno.Notcapable, Open("brand-new", out _, WasiOpenFlags.Creat));
        Assert.Equal(WasiErrno.Success, Open("hello.txt", out _));
        Assert.Equal(WasiErrno.Success, Os.FdFdstatSetRights(Memory, Preopen, (ulong)(rights & ~(WasiRights.PathCreateFile | WasiRights.PathOpen)), 0));
        Assert.Equal(WasiErrno.Notcapable, Open("hello.txt", out _, rights: WasiRights.None));
    }

    [Fact]
    public void Bad_path_encodings_are_refused_before_the_host_is_asked()
    {
        Memory.Place(PathAt, [0x68, 0xFF, 0x69]);
        Assert.Equal(WasiErrno.Ilseq, Os.PathCreateDirectory(Memory, Preopen, PathAt, 3));
        Memory.Place(PathAt, [0x68, 0x00, 0x69]);
        Assert.Equal(WasiErrno.Inval, Os.PathCreateDirectory(Memory, Preopen, PathAt, 3));
        Assert.Equal(WasiErrno.Nametoolong, Os.PathCreateDirectory(Memory, Preopen, PathAt, 4097));
        Assert.Equal(WasiErrno.Fault, Os.PathCreateDirectory(Memory, Preopen, (uint)Memory.Size - 2, 3));
        Assert.Equal(WasiErrno.Noent, Os.PathCreateDirectory(Memory, Preopen, PathAt, 0));
        Assert.Equal(["hello.txt", "sub"], Directory.EnumerateFileSystemEntries(_tree.Root).Select(Path.GetFileName).Where(n => !n!.Contains('-')).Order());
    }

    [Fact]
    public void Flags_out_of_range_are_einval()
    {
        uint length = PlacePath("hello.txt");
        Assert.Equal(WasiErrno.Inval, Os.PathOpen(Memory, Preopen, 2, PathAt, length, 0, 0, 0, 0, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Inval, Os.PathOpen(Memory, Preopen, 0, PathAt, length, 16, 0, 0, 0, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Inval, Os.PathOpen(Memory, Preopen, 0, PathAt, length, 0, 1UL << 31, 0, 0, WasiFixture.OutAt));
        Assert.Equal(WasiErrno.Inval, Os.PathFilestatGet(Memory, Preopen, 2, PathAt, length, StatAt));
    }

    [Fact]
    public void Poll_reports_a_file_readable_with_the_bytes_left()
    {
        Assert.Equal(WasiErrno.Success, Open("hello.txt", out int fd, rights: ReadRights | WasiRights.PollFdReadwrite));
        Memory.PlaceIovecs(WasiFixture.IovecsAt, (WasiFixture.BufferAt, 4));
        Os.FdRead(Memory, fd, WasiFixture.IovecsAt, 1, WasiFixture.OutAt);
        const uint subscription = 0x5000;
        Memory.Place(subscription, new byte[48]);
        Memory.Place(subscription + 8, [(byte)WasiEventType.FdRead]);
        Memory.PlaceU32(subscription + 16, (uint)fd);
        Assert.Equal(WasiErrno.Success, Os.PollOneoff(Memory, subscription, 0x6000, 1, WasiFixture.OutAt).Errno);
        Assert.Equal(7UL, Memory.U64(0x6000 + 16));
    }

    [Fact]
    public void A_guest_holding_a_host_file_cannot_be_captured_until_it_closes_it()
    {
        Assert.Equal(WasiErrno.Success, Open("hello.txt", out int fd));
        var error = Assert.Throws<WasiStateException>(() => Os.CaptureState());
        Assert.Contains($"fd {fd}", error.Message);
        Assert.Equal(WasiErrno.Success, Os.FdClose(Memory, fd));
        byte[] state = Os.CaptureState();
        using WasiLibraryOs restored = WasiLibraryOs.Restore(_wasi.Configuration, state);
        Assert.Equal(state, restored.CaptureState());
        uint length = PlacePath("hello.txt");
        Assert.Equal(WasiErrno.Success, restored.PathOpen(Memory, Preopen, 0, PathAt, length, 0, (ulong)ReadRights, 0, 0, WasiFixture.OutAt));
    }

    [Fact]
    public void A_missing_host_directory_fails_at_configuration()
    {
        var configuration = new WasiConfiguration { PreopenedDirectories = [new WasiPreopenDirectory(Path.Combine(_tree.Parent, "absent"), "/x")] };
        var error = Assert.Throws<DirectoryNotFoundException>(() => new WasiLibraryOs(configuration));
        Assert.Contains("absent", error.Message);
    }
}
