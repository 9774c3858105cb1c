using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Sandbox.Wasi.Descriptors;

/// <summary>The preopened listening socket (fd 3) of the virtual network.</summary>
internal sealed class ListenerDescriptor(VirtualNetwork network, WasiRights rightsBase, WasiRights rightsInheriting, WasiFdFlags flags)
    : Descriptor(rightsBase, rightsInheriting, flags)
{
    public VirtualNetwork Network { get; } = network;

    public override WasiFiletype Filetype => WasiFiletype.SocketStream;

    public override void Close() => Network.CloseListener();
}
