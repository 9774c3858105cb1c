using System.Runtime.InteropServices;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>
/// The host file operations, each returning a WASI errno. Paths given here are single
/// components already resolved inside the sandbox by <see cref="SandboxPathResolver"/>, and
/// every call that names a path refuses to follow a symbolic link at it.
/// </summary>
internal static unsafe class HostFileSystem
{
    public static WasiErrno LastError() => LinuxErrno.ToWasi(Marshal.GetLastPInvokeError());

    public static WasiErrno Open(int directoryFd, string name, int flags, out HostFd? fd)
    {
        int result = RetryOnInterrupt(() => LibC.openat(directoryFd, name, flags | LinuxConstants.CloseOnExec, LinuxConstants.NewFileMode));
        fd = result >= 0 ? new HostFd(result) : null;
        return result >= 0 ? WasiErrno.Success : LastError();
    }

    /// <summary><c>statx</c> of <paramref name="name"/> in the directory, never following a final symlink.</summary>
    public static WasiErrno StatAt(int directoryFd, string name, out HostStat stat) =>
        Statx(directoryFd, name, LinuxConstants.AtSymlinkNoFollow, out stat);

    public static WasiErrno StatOpen(int fd, out HostStat stat) => Statx(fd, "", LinuxConstants.AtEmptyPath, out stat);

    public static WasiErrno MakeDirectory(int directoryFd, string name) =>
        Check(LibC.mkdirat(directoryFd, name, LinuxConstants.NewDirectoryMode));

    public static WasiErrno Unlink(int directoryFd, string name, bool directory) =>
        Check(LibC.unlinkat(directoryFd, name, directory ? LinuxConstants.AtRemoveDirectory : 0));

    public static WasiErrno Rename(int fromDirectoryFd, string fromName, int toDirectoryFd, string toName) =>
        Check(LibC.renameat(fromDirectoryFd, fromName, toDirectoryFd, toName));

    public static WasiErrno Link(int fromDirectoryFd, string fromName, int toDirectoryFd, string toName) =>
        Check(LibC.linkat(fromDirectoryFd, fromName, toDirectoryFd, toName, 0));

    public static WasiErrno Symlink(string target, int directoryFd, string name) =>
        Check(LibC.symlinkat(target, directoryFd, name));

    /// <summary>The target of the symlink <paramref name="name"/>; EINVAL when it is not a symlink.</summary>
    public static WasiErrno ReadLink(int directoryFd, string name, out byte[] target, out int linuxErrno)
    {
        const int TargetBytesMax = 4096;
        var buffer = new byte[TargetBytesMax];
        nint length;
        fixed (byte* p = buffer) length = LibC.readlinkat(directoryFd, name, p, (nuint)buffer.Length);
        if (length < 0)
        {
            linuxErrno = Marshal.GetLastPInvokeError();
            target = [];
            return LinuxErrno.ToWasi(linuxErrno);
        }
        linuxErrno = 0;
        target = buffer.AsSpan(0, (int)length).ToArray();
        return length == buffer.Length ? WasiErrno.Nametoolong : WasiErrno.Success;
    }

    public static WasiErrno SetTimesAt(int directoryFd, string name, LibC.Timespec access, LibC.Timespec modification)
    {
        LibC.Timespec* times = stackalloc LibC.Timespec[2];
        times[0] = access;
        times[1] = modification;
        return Check(LibC.utimensat(directoryFd, name, times, LinuxConstants.AtSymlinkNoFollow));
    }

    public static WasiErrno SetTimes(int fd, LibC.Timespec access, LibC.Timespec modification)
    {
        LibC.Timespec* times = stackalloc LibC.Timespec[2];
        times[0] = access;
        times[1] = modification;
        return Check(LibC.futimens(fd, times));
    }

    public static WasiErrno Read(int fd, Span<byte> buffer, out int read)
    {
        nint result;
        fixed (byte* p = buffer) result = LibC.read(fd, p, (nuint)buffer.Length);
        read = result > 0 ? (int)result : 0;
        return result >= 0 ? WasiErrno.Success : LastError();
    }

    public static WasiErrno ReadAt(int fd, Span<byte> buffer, long offset, out int read)
    {
        nint result;
        fixed (byte* p = buffer) result = LibC.pread(fd, p, (nuint)buffer.Length, offset);
        read = result > 0 ? (int)result : 0;
        return result >= 0 ? WasiErrno.Success : LastError();
    }

    public static WasiErrno Write(int fd, ReadOnlySpan<byte> buffer, out int written)
    {
        nint result;
        fixed (byte* p = buffer) result = LibC.write(fd, p, (nuint)buffer.Length);
        written = result > 0 ? (int)result : 0;
        return result >= 0 ? WasiErrno.Success : LastError();
    }

    public static WasiErrno WriteAt(int fd, ReadOnlySpan<byte> buffer, long offset, out int written)
    {
        nint result;
        fixed (byte* p = buffer) result = LibC.pwrite(fd, p, (nuint)buffer.Length, offset);
        written = result > 0 ? (int)result : 0;
        return result >= 0 ? WasiErrno.Success : LastError();
    }

    public static WasiErrno Seek(int fd, long offset, int whence, out ulong position)
    {
        long result = LibC.lseek(fd, offset, whence);
        position = result >= 0 ? (ulong)result : 0;
        return result >= 0 ? WasiErrno.Success : LastError();
    }

    public static WasiErrno Truncate(int fd, long length) => Check(LibC.ftruncate(fd, length));

    public static WasiErrno Sync(int fd, bool dataOnly) => Check(dataOnly ? LibC.fdatasync(fd) : LibC.fsync(fd));

    public static WasiErrno Advise(int fd, long offset, long length, int advice) =>
        LinuxErrorOrSuccess(LibC.posix_fadvise(fd, offset, length, advice));

    public static WasiErrno Allocate(int fd, long offset, long length) =>
        LinuxErrorOrSuccess(LibC.posix_fallocate(fd, offset, length));

    public static WasiErrno GetStatusFlags(int fd, out int flags)
    {
        flags = LibC.fcntl(fd, LinuxConstants.GetStatusFlags, 0);
        return flags >= 0 ? WasiErrno.Success : LastError();
    }

    public static WasiErrno SetStatusFlags(int fd, int flags) => Check(LibC.fcntl(fd, LinuxConstants.SetStatusFlags, flags));

    private static WasiErrno Statx(int directoryFd, string name, int flags, out HostStat stat)
    {
        byte* buffer = stackalloc byte[LinuxConstants.StatxBufferBytes];
        int result = LibC.statx(directoryFd, name, flags, LinuxConstants.StatxBasicStats, buffer);
        stat = result == 0 ? HostStat.FromStatx(new ReadOnlySpan<byte>(buffer, LinuxConstants.StatxBufferBytes)) : default;
        return result == 0 ? WasiErrno.Success : LastError();
    }

    private static WasiErrno Check(int result) => result == 0 ? WasiErrno.Success : LastError();

    private static WasiErrno LinuxErrorOrSuccess(int error) => error == 0 ? WasiErrno.Success : LinuxErrno.ToWasi(error);

    private static int RetryOnInterrupt(Func<int> call)
    {
        while (true)
        {
            int result = call();
            if (result >= 0 || Marshal.GetLastPInvokeError() != LinuxErrno.Interrupted) return result;
        }
    }
}
