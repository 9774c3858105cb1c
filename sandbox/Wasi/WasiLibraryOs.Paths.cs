using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.HostFiles;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

// path_create_directory, path_filestat_get, path_filestat_set_times, path_link, path_readlink,
// path_remove_directory, path_rename, path_symlink, path_unlink_file. Every path resolves
// inside the directory descriptor it is relative to (SandboxPathResolver); without a preopen
// there is no directory descriptor, so these fail with EBADF or ENOTCAPABLE before any host call.
public sealed partial class WasiLibraryOs
{
    public WasiErrno PathCreateDirectory(IGuestMemory memory, int fd, uint path, uint pathLength) =>
        OnPath(memory, fd, WasiRights.PathCreateDirectory, path, pathLength, followFinal: false,
            resolved => HostFileSystem.MakeDirectory(resolved.DirectoryFd, resolved.Name));

    public WasiErrno PathRemoveDirectory(IGuestMemory memory, int fd, uint path, uint pathLength) =>
        OnPath(memory, fd, WasiRights.PathRemoveDirectory, path, pathLength, followFinal: false,
            resolved => HostFileSystem.Unlink(resolved.DirectoryFd, resolved.Name, directory: true));

    public WasiErrno PathUnlinkFile(IGuestMemory memory, int fd, uint path, uint pathLength) =>
        OnPath(memory, fd, WasiRights.PathUnlinkFile, path, pathLength, followFinal: false,
            resolved => HostFileSystem.Unlink(resolved.DirectoryFd, resolved.Name, directory: false));

    public WasiErrno PathFilestatGet(IGuestMemory memory, int fd, uint lookupFlags, uint path, uint pathLength, uint filestatOut)
    {
        if (lookupFlags > (uint)WasiLookupFlags.All) return WasiErrno.Inval;
        try
        {
            memory.CheckRange(filestatOut, 1, WasiLayout.FilestatSize);
            return OnPath(memory, fd, WasiRights.PathFilestatGet, path, pathLength, Follows(lookupFlags), resolved =>
            {
                if (HostFileSystem.StatAt(resolved.DirectoryFd, resolved.Name, out HostStat stat) is var statted and not WasiErrno.Success)
                    return statted;
                stat.WriteFilestat(memory, filestatOut);
                return WasiErrno.Success;
            });
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    public WasiErrno PathFilestatSetTimes(
        IGuestMemory memory, int fd, uint lookupFlags, uint path, uint pathLength, ulong accessTimeNs, ulong modificationTimeNs, uint fstFlags)
    {
        if (lookupFlags > (uint)WasiLookupFlags.All) return WasiErrno.Inval;
        WasiErrno built = FileTimes.Build(accessTimeNs, modificationTimeNs, fstFlags, _time.RealtimeNs(), out LibC.Timespec access, out LibC.Timespec modification);
        if (built != WasiErrno.Success) return built;
        return OnPath(memory, fd, WasiRights.PathFilestatSetTimes, path, pathLength, Follows(lookupFlags),
            resolved => HostFileSystem.SetTimesAt(resolved.DirectoryFd, resolved.Name, access, modification));
    }

    /// <summary>Copies the link's target, truncated to the buffer, as readlink does.</summary>
    public WasiErrno PathReadlink(IGuestMemory memory, int fd, uint path, uint pathLength, uint buffer, uint bufferLength, uint usedOut)
    {
        try
        {
            memory.CheckRange(buffer, bufferLength, 1);
            memory.CheckRange(usedOut, 1, 4);
            return OnPath(memory, fd, WasiRights.PathReadlink, path, pathLength, followFinal: false, resolved =>
            {
                if (HostFileSystem.ReadLink(resolved.DirectoryFd, resolved.Name, out byte[] target, out _) is var read and not WasiErrno.Success)
                    return read;
                int used = (int)Math.Min((uint)target.Length, bufferLength);
                if (used > 0) target.AsSpan(0, used).CopyTo(memory.Write(buffer, (uint)used));
                memory.WriteUInt32(usedOut, (uint)used);
                return WasiErrno.Success;
            });
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    /// <summary>An absolute target is refused (EPERM): a link may only point within the sandbox.</summary>
    public WasiErrno PathSymlink(IGuestMemory memory, uint target, uint targetLength, int fd, uint path, uint pathLength)
    {
        try
        {
            if (LookupDirectory(fd, WasiRights.PathSymlink, out _) is var found and not WasiErrno.Success) return found;
            if (GuestPath.Read(memory, target, targetLength, out string targetText) is var read and not WasiErrno.Success) return read;
            if (targetText.StartsWith('/')) return WasiErrno.Perm;
            return OnPath(memory, fd, WasiRights.PathSymlink, path, pathLength, followFinal: false,
                resolved => HostFileSystem.Symlink(targetText, resolved.DirectoryFd, resolved.Name));
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    public WasiErrno PathLink(IGuestMemory memory, int fromFd, uint fromLookupFlags, uint fromPath, uint fromPathLength, int toFd, uint toPath, uint toPathLength)
    {
        if (fromLookupFlags > (uint)WasiLookupFlags.All) return WasiErrno.Inval;
        return OnTwoPaths(memory, fromFd, WasiRights.PathLinkSource, fromPath, fromPathLength, Follows(fromLookupFlags),
            toFd, WasiRights.PathLinkTarget, toPath, toPathLength,
            (from, to) => HostFileSystem.Link(from.DirectoryFd, from.Name, to.DirectoryFd, to.Name));
    }

    public WasiErrno PathRename(IGuestMemory memory, int fromFd, uint fromPath, uint fromPathLength, int toFd, uint toPath, uint toPathLength) =>
        OnTwoPaths(memory, fromFd, WasiRights.PathRenameSource, fromPath, fromPathLength, followFromFinal: false,
            toFd, WasiRights.PathRenameTarget, toPath, toPathLength,
            (from, to) => HostFileSystem.Rename(from.DirectoryFd, from.Name, to.DirectoryFd, to.Name));

    private static bool Follows(uint lookupFlags) => (lookupFlags & (uint)WasiLookupFlags.SymlinkFollow) != 0;

    /// <summary>Checks the directory and its right, reads and resolves the path, then runs the operation on it.</summary>
    private WasiErrno OnPath(
        IGuestMemory memory, int fd, WasiRights right, uint path, uint pathLength, bool followFinal, Func<ResolvedPath, WasiErrno> operation)
    {
        try
        {
            if (LookupDirectory(fd, right, out DirectoryDescriptor directory) is var found and not WasiErrno.Success) return found;
            if (GuestPath.Read(memory, path, pathLength, out string text) is var read and not WasiErrno.Success) return read;
            if (SandboxPathResolver.Resolve(directory.Handle.Value, text, followFinal, out ResolvedPath? resolved) is var walked
                and not WasiErrno.Success)
                return walked;
            using (resolved) return operation(resolved!);
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    private WasiErrno OnTwoPaths(
        IGuestMemory memory, int fromFd, WasiRights fromRight, uint fromPath, uint fromPathLength, bool followFromFinal,
        int toFd, WasiRights toRight, uint toPath, uint toPathLength, Func<ResolvedPath, ResolvedPath, WasiErrno> operation)
    {
        try
        {
            if (LookupDirectory(fromFd, fromRight, out DirectoryDescriptor fromDirectory) is var fromFound and not WasiErrno.Success) return fromFound;
            if (LookupDirectory(toFd, toRight, out DirectoryDescriptor toDirectory) is var toFound and not WasiErrno.Success) return toFound;
            if (GuestPath.Read(memory, fromPath, fromPathLength, out string fromText) is var fromRead and not WasiErrno.Success) return fromRead;
            if (GuestPath.Read(memory, toPath, toPathLength, out string toText) is var toRead and not WasiErrno.Success) return toRead;
            if (SandboxPathResolver.Resolve(fromDirectory.Handle.Value, fromText, followFromFinal, out ResolvedPath? from) is var fromWalked
                and not WasiErrno.Success)
                return fromWalked;
            using (from)
            {
                if (SandboxPathResolver.Resolve(toDirectory.Handle.Value, toText, followFinal: false, out ResolvedPath? to) is var toWalked
                    and not WasiErrno.Success)
                    return toWalked;
                using (to) return operation(from!, to!);
            }
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }
}
