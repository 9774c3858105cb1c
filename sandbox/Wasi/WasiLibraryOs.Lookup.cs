using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;

namespace Plover.Sandbox.Wasi;

// Descriptor lookups in the order every function checks them: the number (EBADF), then the
// rights (ENOTCAPABLE), then what the descriptor is.
public sealed partial class WasiLibraryOs
{
    private WasiErrno Lookup(int fd, out Descriptor descriptor) =>
        _descriptors.TryGet(fd, out descriptor) ? WasiErrno.Success : WasiErrno.Badf;

    private WasiErrno Lookup(int fd, WasiRights rights, out Descriptor descriptor)
    {
        if (!_descriptors.TryGet(fd, out descriptor)) return WasiErrno.Badf;
        return descriptor.Has(rights) ? WasiErrno.Success : WasiErrno.Notcapable;
    }

    private WasiErrno LookupDirectory(int fd, WasiRights rights, out DirectoryDescriptor directory)
    {
        directory = null!;
        WasiErrno found = Lookup(fd, rights, out Descriptor descriptor);
        if (found != WasiErrno.Success) return found;
        if (descriptor is not DirectoryDescriptor dir) return WasiErrno.Notdir;
        directory = dir;
        return WasiErrno.Success;
    }

    /// <summary>For fd_seek, fd_tell, fd_pread, fd_pwrite: a stream is ESPIPE whatever its rights.</summary>
    private WasiErrno LookupSeekable(int fd, WasiRights rights, out FileDescriptor file)
    {
        file = null!;
        if (!_descriptors.TryGet(fd, out Descriptor descriptor)) return WasiErrno.Badf;
        if (descriptor is StdioDescriptor or ListenerDescriptor or ConnectionDescriptor) return WasiErrno.Spipe;
        if (!descriptor.Has(rights)) return WasiErrno.Notcapable;
        if (descriptor is not FileDescriptor found) return WasiErrno.Isdir;
        if (!found.IsSeekable) return WasiErrno.Spipe;
        file = found;
        return WasiErrno.Success;
    }

    /// <summary>For sock_*: a descriptor that is not a socket is ENOTSOCK whatever its rights.</summary>
    private WasiErrno LookupConnection(int fd, WasiRights rights, out ConnectionDescriptor connection)
    {
        connection = null!;
        if (!_descriptors.TryGet(fd, out Descriptor descriptor)) return WasiErrno.Badf;
        if (descriptor is ListenerDescriptor) return WasiErrno.Notconn;
        if (descriptor is not ConnectionDescriptor found) return WasiErrno.Notsock;
        if (!found.Has(rights)) return WasiErrno.Notcapable;
        connection = found;
        return WasiErrno.Success;
    }
}
