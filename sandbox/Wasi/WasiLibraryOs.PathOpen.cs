using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.HostFiles;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

// path_open.
public sealed partial class WasiLibraryOs
{
    /// <summary>
    /// Opens a file or directory below a directory descriptor. The requested rights must be
    /// within the directory's inheriting rights (else ENOTCAPABLE); those that cannot apply to
    /// what was opened are dropped. The new descriptor takes the lowest free number.
    /// </summary>
    public WasiErrno PathOpen(
        IGuestMemory memory, int fd, uint lookupFlags, uint path, uint pathLength, uint openFlags,
        ulong rightsBase, ulong rightsInheriting, uint fdFlags, uint fdOut)
    {
        if (lookupFlags > (uint)WasiLookupFlags.All || openFlags > (uint)WasiOpenFlags.All || fdFlags > (uint)WasiFdFlags.All
            || (rightsBase & ~(ulong)WasiRights.All) != 0 || (rightsInheriting & ~(ulong)WasiRights.All) != 0)
            return WasiErrno.Inval;
        var oflags = (WasiOpenFlags)openFlags;
        var requestedBase = (WasiRights)rightsBase;
        var requestedInheriting = (WasiRights)rightsInheriting;
        try
        {
            if (LookupDirectory(fd, RightsToOpen(oflags), out DirectoryDescriptor directory) is var found and not WasiErrno.Success) return found;
            if ((requestedBase & ~directory.RightsInheriting) != 0 || (requestedInheriting & ~directory.RightsInheriting) != 0)
                return WasiErrno.Notcapable;
            memory.CheckRange(fdOut, 1, 4);
            if (_descriptors.Count >= _descriptors.DescriptorsMax) return WasiErrno.Mfile;
            if (GuestPath.Read(memory, path, pathLength, out string text) is var read and not WasiErrno.Success) return read;
            // O_CREAT|O_EXCL never follows a final symlink: it must fail on one, not create its target.
            bool exclusiveCreate = (oflags & (WasiOpenFlags.Creat | WasiOpenFlags.Excl)) == (WasiOpenFlags.Creat | WasiOpenFlags.Excl);
            bool followFinal = Follows(lookupFlags) && !exclusiveCreate;
            if (SandboxPathResolver.Resolve(directory.Handle.Value, text, followFinal, out ResolvedPath? resolved) is var walked
                and not WasiErrno.Success)
                return walked;
            using (resolved)
            {
                WasiErrno opened = OpenResolved(resolved!, oflags, requestedBase, requestedInheriting, (WasiFdFlags)fdFlags, out int newFd);
                if (opened == WasiErrno.Success) memory.WriteUInt32(fdOut, (uint)newFd);
                return opened;
            }
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    private static WasiRights RightsToOpen(WasiOpenFlags oflags)
    {
        WasiRights needed = WasiRights.PathOpen;
        if ((oflags & WasiOpenFlags.Creat) != 0) needed |= WasiRights.PathCreateFile;
        if ((oflags & WasiOpenFlags.Trunc) != 0) needed |= WasiRights.PathFilestatSetSize;
        return needed;
    }

    private WasiErrno OpenResolved(
        ResolvedPath resolved, WasiOpenFlags oflags, WasiRights requestedBase, WasiRights requestedInheriting, WasiFdFlags fdFlags, out int newFd)
    {
        newFd = -1;
        // Opened non-blocking so that a FIFO cannot hang the open; the guest's choice is restored after.
        int flags = HostOpenFlags(oflags, requestedBase, fdFlags) | LinuxConstants.NonBlock | LinuxConstants.NoFollow | LinuxConstants.NoControllingTerminal;
        if (HostFileSystem.Open(resolved.DirectoryFd, resolved.Name, flags, out HostFd? handle) is var opened and not WasiErrno.Success)
            return opened;
        WasiErrno described = DescribeOpened(handle!, requestedBase, requestedInheriting, fdFlags, out Descriptor? descriptor);
        if (described != WasiErrno.Success)
        {
            handle!.Dispose();
            return described;
        }
        newFd = _descriptors.Allocate(descriptor!);
        Invariant.Require(newFd >= 0, "a free descriptor was checked for before opening");
        return WasiErrno.Success;
    }

    private static WasiErrno DescribeOpened(HostFd handle, WasiRights requestedBase, WasiRights requestedInheriting, WasiFdFlags fdFlags, out Descriptor? descriptor)
    {
        descriptor = null;
        if (HostFileSystem.StatOpen(handle.Value, out HostStat stat) is var statted and not WasiErrno.Success) return statted;
        if ((fdFlags & WasiFdFlags.Nonblock) == 0 && HostFileSystem.GetStatusFlags(handle.Value, out int status) is WasiErrno.Success)
            HostFileSystem.SetStatusFlags(handle.Value, status & ~LinuxConstants.NonBlock);
        WasiRights applicable = DescriptorRights.ApplicableTo(stat.Filetype);
        descriptor = stat.IsDirectory
            ? new DirectoryDescriptor(handle, null, requestedBase & applicable, requestedInheriting & DescriptorRights.DirectoryInheriting, fdFlags)
            : new FileDescriptor(handle, stat.Filetype, requestedBase & applicable, requestedInheriting, fdFlags);
        return WasiErrno.Success;
    }

    // Read access with FD_READ or FD_READDIR, write access with any right that writes; neither
    // opens read-only, which still allows fstat and the like.
    private static int HostOpenFlags(WasiOpenFlags oflags, WasiRights rights, WasiFdFlags fdFlags)
    {
        const WasiRights writing = WasiRights.FdWrite | WasiRights.FdDatasync | WasiRights.FdAllocate | WasiRights.FdFilestatSetSize;
        bool write = (rights & writing) != 0;
        bool read = (rights & (WasiRights.FdRead | WasiRights.FdReaddir)) != 0 || !write;
        int flags = read && write ? LinuxConstants.ReadWrite : write ? LinuxConstants.WriteOnly : LinuxConstants.ReadOnly;
        if ((oflags & WasiOpenFlags.Creat) != 0) flags |= LinuxConstants.Create;
        if ((oflags & WasiOpenFlags.Excl) != 0) flags |= LinuxConstants.Exclusive;
        if ((oflags & WasiOpenFlags.Trunc) != 0) flags |= LinuxConstants.Truncate;
        if ((oflags & WasiOpenFlags.Directory) != 0) flags |= LinuxConstants.Directory;
        if ((fdFlags & WasiFdFlags.Append) != 0) flags |= LinuxConstants.Append;
        if ((fdFlags & WasiFdFlags.Dsync) != 0) flags |= LinuxConstants.Dsync;
        if ((fdFlags & (WasiFdFlags.Sync | WasiFdFlags.Rsync)) != 0) flags |= LinuxConstants.Sync;
        return flags;
    }
}
