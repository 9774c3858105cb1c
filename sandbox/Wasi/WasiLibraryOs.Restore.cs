using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.Network;
using Plover.Sandbox.Wasi.State;

namespace Plover.Sandbox.Wasi;

// Restore: a fresh library OS from a configuration and a captured state blob.
public sealed partial class WasiLibraryOs
{
    /// <summary>
    /// A new library OS for <paramref name="configuration"/> in the state <paramref name="state"/>
    /// captured from another (same configuration: mode, network, preopens). Every field is
    /// checked; a malformed blob is a <see cref="WasiStateFormatException"/> naming the offset.
    /// </summary>
    public static WasiLibraryOs Restore(WasiConfiguration configuration, byte[] state)
    {
        var os = new WasiLibraryOs(configuration);
        try
        {
            os.ApplyState(new StateReader(state));
            return os;
        }
        catch
        {
            os.Dispose();
            throw;
        }
    }

    private void ApplyState(StateReader reader)
    {
        foreach (byte expected in WasiStateFormat.Magic)
            if (reader.U8() != expected) throw reader.Fail("not a Plover WASI state blob (bad magic)", 0);
        int at = reader.Offset;
        if (reader.U16() is var version and not WasiStateFormat.Version)
            throw reader.Fail($"format version {version} is not {WasiStateFormat.Version}", at);
        at = reader.Offset;
        if (reader.U8() is var mode && mode != _time.ModeTag)
            throw reader.Fail($"time mode {mode} does not match the configured mode {_time.ModeTag}", at);
        _time.ReadState(reader);
        Dictionary<ulong, VirtualConnection> connections = ReadNetwork(reader, out bool listening, out List<VirtualConnection> pending);
        List<(int Fd, Descriptor Descriptor)> descriptors = ReadDescriptors(reader, connections, listening);
        WasiBlockedCall? blocked = ReadBlockedCall(reader);
        if (!reader.AtEnd) throw reader.Fail("trailing bytes after the blocked call");
        _descriptors.Clear();
        foreach ((int fd, Descriptor descriptor) in descriptors) _descriptors.Place(fd, descriptor);
        if (_network is not null)
        {
            _network.ClearForRestore(listening);
            foreach (VirtualConnection connection in connections.Values.OrderBy(c => c.Id)) _network.RestoreConnection(connection);
            foreach (VirtualConnection connection in pending) _network.RestorePending(connection);
        }
        _blocked = blocked;
    }

    private Dictionary<ulong, VirtualConnection> ReadNetwork(StateReader reader, out bool listening, out List<VirtualConnection> pending)
    {
        var connections = new Dictionary<ulong, VirtualConnection>();
        pending = [];
        listening = false;
        int at = reader.Offset;
        if (reader.Bool() != (_network is not null))
            throw reader.Fail(_network is null ? "state has a network but none is configured" : "state has no network but one is configured", at);
        if (_network is null) return connections;
        listening = reader.Bool();
        int count = reader.Count(_network.Limits.ConnectionsMax, "connections");
        ulong? previous = null;
        for (int i = 0; i < count; i++)
        {
            VirtualConnection connection = ReadConnection(reader, previous);
            previous = connection.Id;
            connections.Add(connection.Id, connection);
        }
        int pendingCount = reader.Count(_network.Limits.PendingConnectionsMax, "pending connections");
        for (int i = 0; i < pendingCount; i++)
        {
            at = reader.Offset;
            ulong id = reader.U64();
            if (!connections.TryGetValue(id, out VirtualConnection? connection) || connection.Accepted || pending.Contains(connection))
                throw reader.Fail($"pending connection {id} is unknown, accepted, or queued twice", at);
            pending.Add(connection);
        }
        if (pending.Count != connections.Values.Count(c => !c.Accepted))
            throw reader.Fail("an unaccepted connection is missing from the accept queue");
        if (pending.Count > 0 && !listening) throw reader.Fail("connections are queued but nothing listens");
        return connections;
    }

    private VirtualConnection ReadConnection(StateReader reader, ulong? previousId)
    {
        int at = reader.Offset;
        ulong id = reader.U64();
        if (previousId is ulong previous && id <= previous) throw reader.Fail($"connection {id} is not after {previous}", at);
        at = reader.Offset;
        byte bits = reader.U8();
        if ((bits & ~WasiStateFormat.ConnectionBitsAll) != 0) throw reader.Fail($"connection {id} has unknown flag bits 0x{bits:x2}", at);
        at = reader.Offset;
        byte[] input = reader.Bytes(_network!.Limits.InputBytesMax);
        var connection = new VirtualConnection(id)
        {
            PeerClosed = (bits & WasiStateFormat.PeerClosedBit) != 0,
            ReadShutdown = (bits & WasiStateFormat.ReadShutdownBit) != 0,
            WriteShutdown = (bits & WasiStateFormat.WriteShutdownBit) != 0,
            InputPaused = (bits & WasiStateFormat.InputPausedBit) != 0,
            Accepted = (bits & WasiStateFormat.AcceptedBit) != 0,
        };
        if (connection.ReadShutdown && input.Length > 0) throw reader.Fail($"connection {id} keeps input after its read side was shut down", at);
        connection.Input.Append(input);
        return connection;
    }

    private List<(int Fd, Descriptor Descriptor)> ReadDescriptors(StateReader reader, Dictionary<ulong, VirtualConnection> connections, bool listening)
    {
        var descriptors = new List<(int, Descriptor)>();
        var claimed = new HashSet<ulong>();
        int listeners = 0;
        int count = reader.Count(_descriptors.DescriptorsMax, "descriptors");
        int previous = -1;
        for (int i = 0; i < count; i++)
        {
            int at = reader.Offset;
            uint fd = reader.U32();
            // Numbers are handed out lowest-free, so every open one is below the table's bound.
            if (fd >= _descriptors.DescriptorsMax || (int)fd <= previous)
                throw reader.Fail($"descriptor {fd} is not after {previous} or not below {_descriptors.DescriptorsMax}", at);
            previous = (int)fd;
            Descriptor descriptor = ReadDescriptor(reader, (int)fd, connections, claimed);
            if (descriptor is ListenerDescriptor) listeners++;
            descriptors.Add(((int)fd, descriptor));
        }
        if (listeners > 1 || (listeners == 1) != listening) throw reader.Fail($"{listeners} listener descriptors while listening is {listening}");
        if (claimed.Count != connections.Values.Count(c => c.Accepted)) throw reader.Fail("an accepted connection has no descriptor");
        return descriptors;
    }

    private Descriptor ReadDescriptor(StateReader reader, int fd, Dictionary<ulong, VirtualConnection> connections, HashSet<ulong> claimed)
    {
        int at = reader.Offset;
        byte kind = reader.U8();
        ulong rightsBase = reader.U64(), rightsInheriting = reader.U64();
        ushort flags = reader.U16();
        if ((rightsBase & ~(ulong)WasiRights.All) != 0 || (rightsInheriting & ~(ulong)WasiRights.All) != 0 || flags > (ushort)WasiFdFlags.All)
            throw reader.Fail($"fd {fd} has undefined rights or flag bits", at);
        var (rb, ri, fl) = ((WasiRights)rightsBase, (WasiRights)rightsInheriting, (WasiFdFlags)flags);
        // Stdio and connections pass nothing on; a blob claiming otherwise was not written by CaptureState.
        if (kind is WasiStateFormat.StdioKind or WasiStateFormat.ConnectionKind && ri != WasiRights.None)
            throw reader.Fail($"fd {fd} of kind {kind} cannot have inheriting rights", at);
        switch (kind)
        {
            case WasiStateFormat.StdioKind:
                int which = reader.U8();
                if (which > (int)StdioStream.Error) throw reader.Fail($"fd {fd} names stdio stream {which}", at);
                Stream?[] streams = [_configuration.Stdin, _configuration.Stdout, _configuration.Stderr];
                return new StdioDescriptor((StdioStream)which, streams[which], rb, fl);
            case WasiStateFormat.ListenerKind when _network is not null:
                return new ListenerDescriptor(_network, rb, ri, fl);
            case WasiStateFormat.ConnectionKind when _network is not null:
                ulong id = reader.U64();
                if (!connections.TryGetValue(id, out VirtualConnection? connection) || !connection.Accepted || !claimed.Add(id))
                    throw reader.Fail($"fd {fd} names connection {id}, which is unknown, not accepted, or claimed twice", at);
                return new ConnectionDescriptor(_network, connection, rb, fl);
            case WasiStateFormat.PreopenKind:
                uint index = reader.U32();
                if (index >= _preopens.Length) throw reader.Fail($"fd {fd} names preopen {index} of {_preopens.Length}", at);
                return new DirectoryDescriptor(_preopens[index], (int)index, rb, ri, fl);
            default:
                throw reader.Fail($"fd {fd} has descriptor kind {kind}, unknown or not configured", at);
        }
    }

    private static WasiBlockedCall? ReadBlockedCall(StateReader reader)
    {
        if (!reader.Bool()) return null;
        int at = reader.Offset;
        byte index = reader.U8();
        if (index >= WasiFunctionTable.All.Count || !WasiFunctionTable.All[index].CanBlock)
            throw reader.Fail($"blocked call names function {index}, which cannot block", at);
        WasiFunction function = WasiFunctionTable.All[index];
        at = reader.Offset;
        int argumentCount = reader.U8();
        if (argumentCount != function.Parameters.Count) throw reader.Fail($"{function.Name} takes {function.Parameters.Count} arguments, not {argumentCount}", at);
        var arguments = new ulong[argumentCount];
        for (int i = 0; i < argumentCount; i++) arguments[i] = reader.U64();
        ulong startRealtime = reader.U64(), startMonotonic = reader.U64();
        var interests = new List<WasiFdInterest>();
        int interestCount = reader.Count(WasiStateFormat.BlockedInterestsMax, "blocked-call descriptors");
        for (int i = 0; i < interestCount; i++) interests.Add(new WasiFdInterest((int)reader.U32(), reader.Bool()));
        var deadlines = new List<WasiDeadline>();
        int deadlineCount = reader.Count(WasiStateFormat.BlockedInterestsMax, "blocked-call deadlines");
        for (int i = 0; i < deadlineCount; i++)
        {
            at = reader.Offset;
            byte clock = reader.U8();
            if (clock > (byte)WasiClockId.Monotonic) throw reader.Fail($"deadline on clock {clock}", at);
            deadlines.Add(new WasiDeadline((WasiClockId)clock, reader.U64()));
        }
        return new WasiBlockedCall(function.Name, arguments, startRealtime, startMonotonic, interests, deadlines);
    }
}
