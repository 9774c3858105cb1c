using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Sandbox.Wasi.Descriptors;

/// <summary>An accepted connection of the virtual network.</summary>
internal sealed class ConnectionDescriptor(VirtualNetwork network, VirtualConnection connection, WasiRights rightsBase, WasiFdFlags flags)
    : Descriptor(rightsBase, WasiRights.None, flags)
{
    public VirtualNetwork Network { get; } = network;

    public VirtualConnection Connection { get; } = connection;

    public override WasiFiletype Filetype => WasiFiletype.SocketStream;

    public override void Close() => Network.CloseByGuest(Connection);
}
