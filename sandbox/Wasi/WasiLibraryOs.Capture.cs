using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.State;

namespace Plover.Sandbox.Wasi;

// CaptureState: the whole library OS state as canonical bytes.
public sealed partial class WasiLibraryOs
{
    /// <summary>
    /// The whole library OS state (descriptors with rights and flags, connections with their
    /// unread input, the accept queue, clock and random state, the blocked call) as bytes. The
    /// same logical state always gives the same bytes, so replicas can compare hashes of it.
    /// Stdio streams, the network sink and preopened host directories are configuration, not
    /// state. Throws <see cref="WasiStateException"/> while the guest holds a host file or a
    /// directory it opened, which cannot be captured.
    /// </summary>
    public byte[] CaptureState()
    {
        var writer = new StateWriter();
        foreach (byte b in WasiStateFormat.Magic) writer.U8(b);
        writer.U16(WasiStateFormat.Version);
        writer.U8(_time.ModeTag);
        _time.WriteState(writer);
        WriteNetwork(writer);
        WriteDescriptors(writer);
        WriteBlockedCall(writer);
        return writer.ToArray();
    }

    private void WriteNetwork(StateWriter writer)
    {
        writer.Bool(_network is not null);
        if (_network is null) return;
        writer.Bool(_network.IsListening);
        List<VirtualConnection> connections = _network.ConnectionsById().ToList();
        writer.U32((uint)connections.Count);
        foreach (VirtualConnection connection in connections)
        {
            writer.U64(connection.Id);
            writer.U8(ConnectionBits(connection));
            writer.Bytes(connection.Input.ToArray());
        }
        List<VirtualConnection> pending = _network.PendingInOrder().ToList();
        writer.U32((uint)pending.Count);
        foreach (VirtualConnection connection in pending) writer.U64(connection.Id);
    }

    private static byte ConnectionBits(VirtualConnection connection) => (byte)(
        (connection.PeerClosed ? WasiStateFormat.PeerClosedBit : 0)
        | (connection.ReadShutdown ? WasiStateFormat.ReadShutdownBit : 0)
        | (connection.WriteShutdown ? WasiStateFormat.WriteShutdownBit : 0)
        | (connection.InputPaused ? WasiStateFormat.InputPausedBit : 0)
        | (connection.Accepted ? WasiStateFormat.AcceptedBit : 0));

    private void WriteDescriptors(StateWriter writer)
    {
        writer.U32((uint)_descriptors.Count);
        foreach ((int fd, Descriptor descriptor) in _descriptors.InOrder())
        {
            writer.U32((uint)fd);
            writer.U8(KindOf(fd, descriptor));
            writer.U64((ulong)descriptor.RightsBase);
            writer.U64((ulong)descriptor.RightsInheriting);
            writer.U16((ushort)descriptor.Flags);
            switch (descriptor)
            {
                case StdioDescriptor stdio: writer.U8((byte)stdio.Which); break;
                case ConnectionDescriptor connection: writer.U64(connection.Connection.Id); break;
                case DirectoryDescriptor { PreopenIndex: int index }: writer.U32((uint)index); break;
            }
        }
    }

    private static byte KindOf(int fd, Descriptor descriptor) => descriptor switch
    {
        StdioDescriptor => WasiStateFormat.StdioKind,
        ListenerDescriptor => WasiStateFormat.ListenerKind,
        ConnectionDescriptor => WasiStateFormat.ConnectionKind,
        DirectoryDescriptor { PreopenIndex: not null } => WasiStateFormat.PreopenKind,
        _ => throw new WasiStateException(
            $"fd {fd} is a host {(descriptor is FileDescriptor ? "file" : "directory")} the guest opened; host files cannot be captured"),
    };

    private void WriteBlockedCall(StateWriter writer)
    {
        writer.Bool(_blocked is not null);
        if (_blocked is null) return;
        int index = WasiFunctionTable.All.ToList().FindIndex(f => f.Name == _blocked.Function);
        Invariant.Require(index >= 0, $"blocked call {_blocked.Function} is in the function table");
        writer.U8((byte)index);
        writer.U8((byte)_blocked.Arguments.Count);
        foreach (ulong argument in _blocked.Arguments) writer.U64(argument);
        writer.U64(_blocked.StartRealtimeNs);
        writer.U64(_blocked.StartMonotonicNs);
        writer.U32((uint)_blocked.FdInterests.Count);
        foreach (WasiFdInterest interest in _blocked.FdInterests)
        {
            writer.U32((uint)interest.Fd);
            writer.Bool(interest.Write);
        }
        writer.U32((uint)_blocked.Deadlines.Count);
        foreach (WasiDeadline deadline in _blocked.Deadlines)
        {
            writer.U8((byte)deadline.Clock);
            writer.U64(deadline.AtNs);
        }
    }
}
