using System.Runtime.InteropServices;

namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>
/// The glibc calls the library OS makes for preopened directories. Only the <c>*at</c> forms
/// relative to a directory descriptor are used for paths, so nothing resolves against the
/// process's working directory or root.
/// </summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc.so.6";

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int openat(int dirfd, string path, int flags, uint mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, SetLastError = true)]
    public static partial long lseek(int fd, long offset, int whence);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fsync(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fdatasync(int fd);

    /// <summary>Returns the error number itself (0 on success), not -1 and errno.</summary>
    [LibraryImport(Library)]
    public static partial int posix_fadvise(int fd, long offset, long length, int advice);

    /// <summary>Returns the error number itself (0 on success), not -1 and errno.</summary>
    [LibraryImport(Library)]
    public static partial int posix_fallocate(int fd, long offset, long length);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdirat(int dirfd, string path, uint mode);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlinkat(int dirfd, string path, int flags);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat(int oldDirfd, string oldPath, int newDirfd, string newPath);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int linkat(int oldDirfd, string oldPath, int newDirfd, string newPath, int flags);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int symlinkat(string target, int newDirfd, string linkPath);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlinkat(int dirfd, string path, byte* buffer, nuint size);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int utimensat(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int futimens(int fd, Timespec* times);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint fdopendir(int fd);

    /// <summary>glibc's 64-bit <c>struct dirent</c>: ino u64 @0, off i64 @8, reclen u16 @16, type u8 @18, name @19.</summary>
    [LibraryImport(Library, EntryPoint = "readdir64", SetLastError = true)]
    public static partial byte* readdir(nint directory);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int closedir(nint directory);
}
