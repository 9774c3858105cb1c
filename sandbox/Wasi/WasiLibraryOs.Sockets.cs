using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.Memory;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Sandbox.Wasi;

// sock_accept, sock_recv, sock_send, sock_shutdown, on the virtual network.
public sealed partial class WasiLibraryOs
{
    /// <summary>
    /// Accepts the oldest pending connection. With none pending: EAGAIN on a non-blocking
    /// listener, <see cref="WasiCallResult.Blocked"/> otherwise. The new descriptor takes
    /// <paramref name="flags"/> (only NONBLOCK is allowed, as in wasmtime) and the listener's
    /// inheriting rights.
    /// </summary>
    public WasiCallResult SockAccept(IGuestMemory memory, int fd, uint flags, uint fdOut)
    {
        if ((flags & ~(uint)WasiFdFlags.Nonblock) != 0) return Complete(WasiErrno.Inval);
        try
        {
            if (!_descriptors.TryGet(fd, out Descriptor descriptor)) return Complete(WasiErrno.Badf);
            if (descriptor is ConnectionDescriptor) return Complete(WasiErrno.Inval);
            if (descriptor is not ListenerDescriptor listener) return Complete(WasiErrno.Notsock);
            if (!listener.Has(WasiRights.SockAccept)) return Complete(WasiErrno.Notcapable);
            memory.CheckRange(fdOut, 1, 4);
            if (listener.Network.PendingConnectionCount == 0)
                return listener.IsNonBlocking ? Complete(WasiErrno.Again) : BlockOnRead("sock_accept", [(ulong)fd, flags, fdOut], fd);
            if (_descriptors.Count >= _descriptors.DescriptorsMax) return Complete(WasiErrno.Mfile);
            VirtualConnection connection = listener.Network.DequeuePending()!;
            int accepted = _descriptors.Allocate(new ConnectionDescriptor(listener.Network, connection, listener.RightsInheriting, (WasiFdFlags)flags));
            Invariant.Require(accepted >= 0, "a free descriptor was checked for");
            memory.WriteUInt32(fdOut, (uint)accepted);
            return Complete(WasiErrno.Success);
        }
        catch (GuestMemoryFaultException)
        {
            return Complete(WasiErrno.Fault);
        }
    }

    /// <summary>
    /// Reads buffered input: 0 bytes means end-of-file (peer closed and drained, or read side
    /// shut down). With nothing buffered: EAGAIN when non-blocking, <see cref="WasiCallResult.Blocked"/> otherwise.
    /// </summary>
    public WasiCallResult SockRecv(IGuestMemory memory, int fd, uint iovs, uint iovsLength, uint riFlags, uint receivedOut, uint roFlagsOut)
    {
        if (riFlags > (uint)WasiRiFlags.All || iovsLength > IoVectorList.VectorsMax) return Complete(WasiErrno.Inval);
        try
        {
            if (LookupConnection(fd, WasiRights.FdRead, out ConnectionDescriptor connection) is var found and not WasiErrno.Success)
                return Complete(found);
            Span<IoVector> vectors = iovsLength <= IoVectorList.StackVectorsMax ? stackalloc IoVector[(int)iovsLength] : new IoVector[iovsLength];
            IoVectorList.Parse(memory, iovs, iovsLength, vectors, out ulong capacity);
            memory.CheckRange(receivedOut, 1, 4);
            memory.CheckRange(roFlagsOut, 1, 2);
            WasiCallResult result = Receive(memory, connection, vectors, capacity, (WasiRiFlags)riFlags, out int received);
            if (result.WouldBlock) return BlockOnRead("sock_recv", [(ulong)fd, iovs, iovsLength, riFlags, receivedOut, roFlagsOut], fd);
            if (result.Errno != WasiErrno.Success) return result;
            memory.WriteUInt32(receivedOut, (uint)received);
            memory.WriteUInt16(roFlagsOut, (ushort)WasiRoFlags.None);
            return result;
        }
        catch (GuestMemoryFaultException)
        {
            return Complete(WasiErrno.Fault);
        }
    }

    /// <summary>Hands the bytes to the network sink at once; EPIPE after the guest shut down writing.</summary>
    public WasiErrno SockSend(IGuestMemory memory, int fd, uint iovs, uint iovsLength, uint siFlags, uint sentOut)
    {
        if (siFlags != 0 || iovsLength > IoVectorList.VectorsMax) return WasiErrno.Inval;
        try
        {
            if (LookupConnection(fd, WasiRights.FdWrite, out ConnectionDescriptor connection) is var found and not WasiErrno.Success)
                return found;
            Span<IoVector> vectors = iovsLength <= IoVectorList.StackVectorsMax ? stackalloc IoVector[(int)iovsLength] : new IoVector[iovsLength];
            IoVectorList.Parse(memory, iovs, iovsLength, vectors, out _);
            memory.CheckRange(sentOut, 1, 4);
            WasiErrno result = SendVectors(connection, memory, vectors, out int sent);
            if (result == WasiErrno.Success) memory.WriteUInt32(sentOut, (uint)sent);
            return result;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    public WasiErrno SockShutdown(IGuestMemory memory, int fd, uint how)
    {
        if (how == 0 || how > (uint)WasiSdFlags.All) return WasiErrno.Inval;
        if (LookupConnection(fd, WasiRights.SockShutdown, out ConnectionDescriptor connection) is var found and not WasiErrno.Success)
            return found;
        var directions = (WasiSdFlags)how;
        if ((directions & WasiSdFlags.Rd) != 0) connection.Network.ShutdownRead(connection.Connection);
        if ((directions & WasiSdFlags.Wr) != 0) connection.Network.ShutdownWrite(connection.Connection);
        return WasiErrno.Success;
    }

    /// <summary>
    /// The receive shared by sock_recv and fd_read. Returns <see cref="WasiCallResult.Blocked"/>
    /// without recording it; the caller records its own arguments.
    /// </summary>
    private WasiCallResult Receive(
        IGuestMemory memory, ConnectionDescriptor descriptor, ReadOnlySpan<IoVector> vectors, ulong capacity, WasiRiFlags flags, out int received)
    {
        received = 0;
        VirtualConnection connection = descriptor.Connection;
        if (capacity == 0 || connection.AtEndOfInput) return Complete(WasiErrno.Success);
        int available = connection.Input.Count;
        bool mustWait = available == 0 || ((flags & WasiRiFlags.RecvWaitall) != 0 && (ulong)available < capacity && !connection.PeerClosed);
        if (mustWait && !descriptor.IsNonBlocking) return WasiCallResult.Blocked;
        if (available == 0) return Complete(WasiErrno.Again);
        received = descriptor.Network.Receive(connection, memory, vectors, peek: (flags & WasiRiFlags.RecvPeek) != 0);
        return Complete(WasiErrno.Success);
    }

    private static WasiErrno SendVectors(ConnectionDescriptor descriptor, IGuestMemory memory, ReadOnlySpan<IoVector> vectors, out int sent)
    {
        sent = 0;
        if (descriptor.Connection.WriteShutdown) return WasiErrno.Pipe;
        foreach (IoVector vector in vectors)
        {
            int chunk = (int)Math.Min(vector.Length, (uint)(IoBytesPerCallMax - sent));
            if (chunk == 0) continue;
            descriptor.Network.Send(descriptor.Connection, memory.Read(vector.Address, (uint)chunk));
            sent += chunk;
        }
        return WasiErrno.Success;
    }
}
