using System.Text;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Tests.Wasi;

/// <summary>
/// A replicated guest gets no preopened directory: every path function fails with EBADF or
/// ENOTCAPABLE on every descriptor it has or could name, and no host file is touched.
/// </summary>
public sealed class ReplicatedModeTests : IDisposable
{
    private const uint PathAt = 0x800;
    private const uint Path2At = 0xC00;

    private readonly SandboxTree _tree = new();

    public void Dispose() => _tree.Dispose();

    public static TheoryData<string> PathFunctions => new(WasiFunctionTable.All.Where(f => f.Name.StartsWith("path_")).Select(f => f.Name));

    [Theory]
    [MemberData(nameof(PathFunctions))]
    public void Path_functions_fail_on_every_descriptor_and_touch_no_host_file(string name)
    {
        using var wasi = new WasiFixture();
        Assert.False(wasi.Os.HasHostFileAccess);
        wasi.ConnectAndAccept(1);
        string[] before = _tree.ParentListing();
        WasiFunctionTable.TryGet(name, out WasiFunction function);
        foreach (string path in new[] { Path.Combine(_tree.Root, "hello.txt"), "hello.txt", "../outside.txt", _tree.OutsideFile, "made" })
        {
            byte[] bytes = Encoding.UTF8.GetBytes(path);
            wasi.Memory.Place(PathAt, bytes);
            wasi.Memory.Place(Path2At, bytes);
            foreach (int fd in new[] { 0, 1, 2, 3, 4, 5, 99, -1 })
            {
                WasiErrno result = function.Invoke(wasi.Os, wasi.Memory, Arguments(name, fd, (uint)bytes.Length)).Errno;
                Assert.True(result is WasiErrno.Badf or WasiErrno.Notcapable, $"{name} on fd {fd} with {path} gave {result}");
            }
        }
        Assert.Equal(before, _tree.ParentListing());
        Assert.Equal("hello world", File.ReadAllText(_tree.HostPath("hello.txt")));
        Assert.Equal(SandboxTree.Secret, File.ReadAllText(_tree.OutsideFile));
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "made")));
    }

    [Fact]
    public void Descriptor_functions_find_no_directory_to_read()
    {
        using var wasi = new WasiFixture();
        for (int fd = 0; fd < 6; fd++)
        {
            Assert.Equal(WasiErrno.Badf, wasi.Os.FdPrestatGet(wasi.Memory, fd, 0x600));
            WasiErrno readdir = wasi.Os.FdReaddir(wasi.Memory, fd, 0x1000, 256, 0, 0x200);
            Assert.True(readdir is WasiErrno.Badf or WasiErrno.Notcapable, $"fd_readdir on fd {fd} gave {readdir}");
        }
    }

    private static ulong[] Arguments(string name, int fd, uint pathLength) => name switch
    {
        "path_create_directory" or "path_remove_directory" or "path_unlink_file" => [(uint)fd, PathAt, pathLength],
        "path_filestat_get" => [(uint)fd, 1, PathAt, pathLength, 0x600],
        "path_filestat_set_times" => [(uint)fd, 1, PathAt, pathLength, 0, 0, (ulong)WasiFstFlags.MtimNow],
        "path_link" => [(uint)fd, 1, PathAt, pathLength, (uint)fd, Path2At, pathLength],
        "path_open" => [(uint)fd, 1, PathAt, pathLength, (ulong)(WasiOpenFlags.Creat | WasiOpenFlags.Trunc), (ulong)WasiRights.FdWrite, 0, 0, 0x200],
        "path_readlink" => [(uint)fd, PathAt, pathLength, 0x1000, 256, 0x200],
        "path_rename" => [(uint)fd, PathAt, pathLength, (uint)fd, Path2At, pathLength],
        "path_symlink" => [PathAt, pathLength, (uint)fd, Path2At, pathLength],
        _ => throw new ArgumentException($"no argument recipe for {name}"),
    };
}
