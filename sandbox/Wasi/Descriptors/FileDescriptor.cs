using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.HostFiles;

namespace Plover.Sandbox.Wasi.Descriptors;

/// <summary>A host file the guest opened below a preopen; its offset is the host descriptor's own.</summary>
internal sealed class FileDescriptor(HostFd handle, WasiFiletype filetype, WasiRights rightsBase, WasiRights rightsInheriting, WasiFdFlags flags)
    : Descriptor(rightsBase, rightsInheriting, flags)
{
    public HostFd Handle { get; } = handle;

    public override WasiFiletype Filetype { get; } = filetype;

    public override bool IsSeekable => Filetype is WasiFiletype.RegularFile or WasiFiletype.BlockDevice;

    public override void Close() => Handle.Dispose();
}
