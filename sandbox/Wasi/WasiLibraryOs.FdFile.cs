using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.HostFiles;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

// fd_filestat_get, fd_filestat_set_size, fd_filestat_set_times, fd_advise, fd_allocate,
// fd_datasync, fd_sync.
public sealed partial class WasiLibraryOs
{
    /// <summary>Stdio and sockets report only their file type; host files and directories report statx.</summary>
    public WasiErrno FdFilestatGet(IGuestMemory memory, int fd, uint filestatOut)
    {
        try
        {
            if (Lookup(fd, WasiRights.FdFilestatGet, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
            memory.CheckRange(filestatOut, 1, WasiLayout.FilestatSize);
            if (HostHandleOf(descriptor) is not { } handle)
            {
                HostStat.WriteFilestat(memory, filestatOut, 0, 0, descriptor.Filetype, 0, 0, 0, 0, 0);
                return WasiErrno.Success;
            }
            if (HostFileSystem.StatOpen(handle.Value, out HostStat stat) is var statted and not WasiErrno.Success) return statted;
            stat.WriteFilestat(memory, filestatOut);
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    public WasiErrno FdFilestatSetSize(IGuestMemory memory, int fd, ulong size)
    {
        if (Lookup(fd, WasiRights.FdFilestatSetSize, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
        if (descriptor is not FileDescriptor file) return WasiErrno.Badf;
        if (size > long.MaxValue) return WasiErrno.Fbig;
        return HostFileSystem.Truncate(file.Handle.Value, (long)size);
    }

    public WasiErrno FdFilestatSetTimes(IGuestMemory memory, int fd, ulong accessTimeNs, ulong modificationTimeNs, uint fstFlags)
    {
        WasiErrno built = FileTimes.Build(accessTimeNs, modificationTimeNs, fstFlags, _time.RealtimeNs(), out LibC.Timespec access, out LibC.Timespec modification);
        if (built != WasiErrno.Success) return built;
        if (Lookup(fd, WasiRights.FdFilestatSetTimes, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
        if (HostHandleOf(descriptor) is not { } handle) return WasiErrno.Badf;
        return HostFileSystem.SetTimes(handle.Value, access, modification);
    }

    public WasiErrno FdAdvise(IGuestMemory memory, int fd, ulong offset, ulong length, uint advice)
    {
        if (advice > (uint)WasiAdvice.NoReuse) return WasiErrno.Inval;
        if (Lookup(fd, WasiRights.FdAdvise, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
        if (descriptor is not FileDescriptor file) return WasiErrno.Badf;
        if (offset > long.MaxValue || length > long.MaxValue) return WasiErrno.Inval;
        // WASI's advice numbers are POSIX_FADV_* in the same order.
        return HostFileSystem.Advise(file.Handle.Value, (long)offset, (long)length, (int)advice);
    }

    public WasiErrno FdAllocate(IGuestMemory memory, int fd, ulong offset, ulong length)
    {
        if (Lookup(fd, WasiRights.FdAllocate, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
        if (descriptor is not FileDescriptor file) return WasiErrno.Badf;
        if (offset > long.MaxValue || length > long.MaxValue || offset + length > long.MaxValue) return WasiErrno.Fbig;
        return HostFileSystem.Allocate(file.Handle.Value, (long)offset, (long)length);
    }

    public WasiErrno FdDatasync(IGuestMemory memory, int fd) => SyncHost(fd, WasiRights.FdDatasync, dataOnly: true);

    public WasiErrno FdSync(IGuestMemory memory, int fd) => SyncHost(fd, WasiRights.FdSync, dataOnly: false);

    private WasiErrno SyncHost(int fd, WasiRights right, bool dataOnly)
    {
        if (Lookup(fd, right, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
        if (HostHandleOf(descriptor) is not { } handle) return WasiErrno.Badf;
        return HostFileSystem.Sync(handle.Value, dataOnly);
    }

    private static HostFd? HostHandleOf(Descriptor descriptor) => descriptor switch
    {
        FileDescriptor file => file.Handle,
        DirectoryDescriptor directory => directory.Handle,
        _ => null,
    };
}
