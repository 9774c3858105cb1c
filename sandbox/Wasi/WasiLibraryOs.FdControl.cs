using System.Buffers.Binary;
using System.Text;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.HostFiles;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

// fd_close, fd_renumber, fd_fdstat_get, fd_fdstat_set_flags, fd_fdstat_set_rights,
// fd_prestat_get, fd_prestat_dir_name.
public sealed partial class WasiLibraryOs
{
    public WasiErrno FdClose(IGuestMemory memory, int fd)
    {
        if (!_descriptors.TryGet(fd, out _)) return WasiErrno.Badf;
        _descriptors.Remove(fd).Close();
        return WasiErrno.Success;
    }

    /// <summary>Moves <paramref name="from"/> onto <paramref name="to"/>, closing what was there; both must be open (as in wasmtime).</summary>
    public WasiErrno FdRenumber(IGuestMemory memory, int from, int to)
    {
        if (!_descriptors.TryGet(from, out _) || !_descriptors.TryGet(to, out _)) return WasiErrno.Badf;
        if (from == to) return WasiErrno.Success;
        _descriptors.Remove(to).Close();
        _descriptors.Place(to, _descriptors.Remove(from));
        return WasiErrno.Success;
    }

    public WasiErrno FdFdstatGet(IGuestMemory memory, int fd, uint fdstatOut)
    {
        try
        {
            if (Lookup(fd, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
            Span<byte> stat = memory.Write(fdstatOut, WasiLayout.FdstatSize);
            stat.Clear();
            stat[(int)WasiLayout.FdstatFiletypeOffset] = (byte)descriptor.Filetype;
            BinaryPrimitives.WriteUInt16LittleEndian(stat[(int)WasiLayout.FdstatFlagsOffset..], (ushort)descriptor.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(stat[(int)WasiLayout.FdstatRightsBaseOffset..], (ulong)descriptor.RightsBase);
            BinaryPrimitives.WriteUInt64LittleEndian(stat[(int)WasiLayout.FdstatRightsInheritingOffset..], (ulong)descriptor.RightsInheriting);
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    /// <summary>
    /// Only APPEND and NONBLOCK can change (the sync flags are EINVAL, as in wasmtime); a socket
    /// takes only NONBLOCK.
    /// </summary>
    public WasiErrno FdFdstatSetFlags(IGuestMemory memory, int fd, uint flags)
    {
        if (flags > (uint)WasiFdFlags.All) return WasiErrno.Inval;
        var requested = (WasiFdFlags)flags;
        if (Lookup(fd, WasiRights.FdFdstatSetFlags, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
        if ((requested & (WasiFdFlags.Dsync | WasiFdFlags.Rsync | WasiFdFlags.Sync)) != 0) return WasiErrno.Inval;
        if (descriptor is ListenerDescriptor or ConnectionDescriptor && (requested & WasiFdFlags.Append) != 0) return WasiErrno.Inval;
        if (descriptor is FileDescriptor file)
        {
            WasiErrno applied = ApplyHostStatusFlags(file.Handle.Value, requested);
            if (applied != WasiErrno.Success) return applied;
        }
        descriptor.Flags = (descriptor.Flags & ~(WasiFdFlags.Append | WasiFdFlags.Nonblock)) | requested;
        return WasiErrno.Success;
    }

    /// <summary>Rights can only be dropped: asking for one the descriptor lacks is ENOTCAPABLE.</summary>
    public WasiErrno FdFdstatSetRights(IGuestMemory memory, int fd, ulong rightsBase, ulong rightsInheriting)
    {
        if ((rightsBase & ~(ulong)WasiRights.All) != 0 || (rightsInheriting & ~(ulong)WasiRights.All) != 0) return WasiErrno.Inval;
        if (Lookup(fd, out Descriptor descriptor) is var found and not WasiErrno.Success) return found;
        var newBase = (WasiRights)rightsBase;
        var newInheriting = (WasiRights)rightsInheriting;
        if ((newBase & ~descriptor.RightsBase) != 0 || (newInheriting & ~descriptor.RightsInheriting) != 0) return WasiErrno.Notcapable;
        descriptor.RightsBase = newBase;
        descriptor.RightsInheriting = newInheriting;
        return WasiErrno.Success;
    }

    /// <summary>Only preopened directories have a prestat; anything else (the socket too) is EBADF, which ends wasi-libc's scan.</summary>
    public WasiErrno FdPrestatGet(IGuestMemory memory, int fd, uint prestatOut)
    {
        try
        {
            if (!_descriptors.TryGet(fd, out Descriptor descriptor) || descriptor is not DirectoryDescriptor { PreopenIndex: int index })
                return WasiErrno.Badf;
            Span<byte> prestat = memory.Write(prestatOut, WasiLayout.PrestatSize);
            prestat.Clear();
            prestat[(int)WasiLayout.PrestatTagOffset] = WasiLayout.PrestatTagDirectory;
            BinaryPrimitives.WriteUInt32LittleEndian(prestat[(int)WasiLayout.PrestatNameLengthOffset..], (uint)PreopenName(index).Length);
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    public WasiErrno FdPrestatDirName(IGuestMemory memory, int fd, uint nameOut, uint nameLength)
    {
        try
        {
            if (!_descriptors.TryGet(fd, out Descriptor descriptor)) return WasiErrno.Badf;
            if (descriptor is not DirectoryDescriptor { PreopenIndex: int index }) return WasiErrno.Notdir;
            byte[] name = PreopenName(index);
            if (name.Length > nameLength) return WasiErrno.Nametoolong;
            if (name.Length > 0) name.CopyTo(memory.Write(nameOut, (uint)name.Length));
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    private byte[] PreopenName(int index) => Encoding.UTF8.GetBytes(_configuration.PreopenedDirectories[index].GuestPath);

    private static WasiErrno ApplyHostStatusFlags(int hostFd, WasiFdFlags requested)
    {
        if (HostFileSystem.GetStatusFlags(hostFd, out int current) is var read and not WasiErrno.Success) return read;
        int updated = current & ~(LinuxConstants.Append | LinuxConstants.NonBlock);
        if ((requested & WasiFdFlags.Append) != 0) updated |= LinuxConstants.Append;
        if ((requested & WasiFdFlags.Nonblock) != 0) updated |= LinuxConstants.NonBlock;
        return HostFileSystem.SetStatusFlags(hostFd, updated);
    }
}
