using System.Runtime.InteropServices;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>One entry of a host directory: its name bytes, inode and type.</summary>
internal readonly record struct HostDirectoryEntry(byte[] Name, ulong Inode, WasiFiletype Filetype);

/// <summary>
/// Lists a host directory. Entries come back sorted by name bytes, so a <c>fd_readdir</c> cookie
/// (an index into the listing) means the same entry from one call to the next.
/// </summary>
internal static unsafe class HostDirectoryReader
{
    /// <summary>The most entries one listing holds; a larger directory is reported as ENOMEM.</summary>
    public const int EntriesMax = 1 << 20;

    private const int InodeOffset = 0;
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    public static WasiErrno List(int directoryFd, out List<HostDirectoryEntry> entries)
    {
        entries = [];
        WasiErrno opened = HostFileSystem.Open(directoryFd, ".", LinuxConstants.ReadOnly | LinuxConstants.Directory, out HostFd? fd);
        if (opened != WasiErrno.Success) return opened;
        nint directory = LibC.fdopendir(fd!.Value);
        if (directory == 0)
        {
            WasiErrno error = HostFileSystem.LastError();
            fd.Dispose();
            return error;
        }
        // closedir closes the descriptor fdopendir took over.
        fd.SetHandleAsInvalid();
        try
        {
            return ReadEntries(directoryFd, directory, entries);
        }
        finally
        {
            LibC.closedir(directory);
        }
    }

    private static WasiErrno ReadEntries(int directoryFd, nint directory, List<HostDirectoryEntry> entries)
    {
        while (true)
        {
            Marshal.SetLastPInvokeError(0);
            byte* entry = LibC.readdir(directory);
            if (entry == null)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != 0) return LinuxErrno.ToWasi(errno);
                break;
            }
            ReadOnlySpan<byte> name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + NameOffset);
            if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)) continue;
            if (entries.Count == EntriesMax) return WasiErrno.Nomem;
            ulong inode = *(ulong*)(entry + InodeOffset);
            entries.Add(new HostDirectoryEntry(name.ToArray(), inode, FiletypeOf(directoryFd, entry[TypeOffset], name)));
        }
        entries.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        return WasiErrno.Success;
    }

    private static WasiFiletype FiletypeOf(int directoryFd, byte direntType, ReadOnlySpan<byte> name) => direntType switch
    {
        1 => WasiFiletype.Unknown,          // FIFO: preview1 has no code for it
        2 => WasiFiletype.CharacterDevice,
        4 => WasiFiletype.Directory,
        6 => WasiFiletype.BlockDevice,
        8 => WasiFiletype.RegularFile,
        10 => WasiFiletype.SymbolicLink,
        12 => WasiFiletype.SocketStream,
        _ => StatFiletype(directoryFd, name),
    };

    // Some file systems leave d_type unknown; ask statx then.
    private static WasiFiletype StatFiletype(int directoryFd, ReadOnlySpan<byte> name)
    {
        string text = System.Text.Encoding.UTF8.GetString(name);
        return HostFileSystem.StatAt(directoryFd, text, out HostStat stat) == WasiErrno.Success ? stat.Filetype : WasiFiletype.Unknown;
    }
}
