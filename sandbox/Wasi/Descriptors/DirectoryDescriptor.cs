using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.HostFiles;

namespace Plover.Sandbox.Wasi.Descriptors;

/// <summary>
/// A host directory: a preopen (whose handle belongs to the library OS's configuration and
/// outlives the descriptor) or one the guest opened below a preopen.
/// </summary>
internal sealed class DirectoryDescriptor(HostFd handle, int? preopenIndex, WasiRights rightsBase, WasiRights rightsInheriting, WasiFdFlags flags)
    : Descriptor(rightsBase, rightsInheriting, flags)
{
    public HostFd Handle { get; } = handle;

    /// <summary>Which configured preopen this is, or null for a directory the guest opened.</summary>
    public int? PreopenIndex { get; } = preopenIndex;

    public override WasiFiletype Filetype => WasiFiletype.Directory;

    public override void Close()
    {
        if (PreopenIndex is null) Handle.Dispose();
    }
}
