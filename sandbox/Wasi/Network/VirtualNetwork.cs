using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi.Network;

/// <summary>
/// The guest's only network: one listening socket whose connections and bytes come from the
/// embedder (<see cref="Connect"/>, <see cref="Deliver"/>, <see cref="PeerClosed"/>), and whose
/// outputs go to an <see cref="IWasiNetworkSink"/>. Nothing here touches a host socket, so a
/// replicated guest fed from the log computes the same thing on every replica.
/// </summary>
public sealed class VirtualNetwork
{
    private readonly Dictionary<ulong, VirtualConnection> _connections = new();
    private readonly Queue<VirtualConnection> _pending = new();
    private readonly IWasiNetworkSink _sink;

    internal VirtualNetwork(IWasiNetworkSink sink, WasiNetworkLimits limits)
    {
        limits.Validate();
        _sink = sink;
        Limits = limits;
        IsListening = true;
    }

    public WasiNetworkLimits Limits { get; }

    /// <summary>False once the guest has closed its listening socket.</summary>
    public bool IsListening { get; private set; }

    /// <summary>Connections waiting for <c>sock_accept</c>.</summary>
    public int PendingConnectionCount => _pending.Count;

    /// <summary>Connections pending or accepted, not yet closed by the guest.</summary>
    public int LiveConnectionCount => _connections.Count;

    /// <summary>A client connected: queue it for <c>sock_accept</c>.</summary>
    public WasiConnectOutcome Connect(ulong connectionId)
    {
        if (_connections.ContainsKey(connectionId))
            throw new WasiNetworkException($"connection {connectionId} is already live; an id may be reused only after the guest closes it");
        if (!IsListening) return WasiConnectOutcome.NotListening;
        if (_pending.Count >= Limits.PendingConnectionsMax) return WasiConnectOutcome.BacklogFull;
        if (_connections.Count >= Limits.ConnectionsMax) return WasiConnectOutcome.TooManyConnections;
        var connection = new VirtualConnection(connectionId);
        _connections.Add(connectionId, connection);
        _pending.Enqueue(connection);
        return WasiConnectOutcome.Queued;
    }

    /// <summary>A client sent bytes: buffer them for the guest, reporting back-pressure.</summary>
    public WasiDeliverOutcome Deliver(ulong connectionId, ReadOnlySpan<byte> bytes)
    {
        if (!_connections.TryGetValue(connectionId, out VirtualConnection? connection) || connection.ReadShutdown)
            return WasiDeliverOutcome.Discarded;
        if (connection.PeerClosed)
            throw new WasiNetworkException($"connection {connectionId}: {bytes.Length} bytes delivered after the peer closed");
        long unread = (long)connection.Input.Count + bytes.Length;
        if (unread > Limits.InputBytesMax)
            throw new WasiNetworkException(
                $"connection {connectionId}: {unread} unread bytes would exceed the {Limits.InputBytesMax}-byte bound; stop delivering after Full");
        connection.Input.Append(bytes);
        if (connection.Input.Count < Limits.InputHighWaterBytes) return WasiDeliverOutcome.Buffered;
        connection.InputPaused = true;
        return WasiDeliverOutcome.Full;
    }

    /// <summary>
    /// The client will send nothing more. Returns false when the connection is no longer live
    /// (the guest already closed it), which is not an error: the two can cross.
    /// </summary>
    public bool PeerClosed(ulong connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out VirtualConnection? connection)) return false;
        connection.PeerClosed = true;
        return true;
    }

    /// <summary>Unread bytes of a live connection, or -1 when it is not live.</summary>
    public int UnreadBytes(ulong connectionId) =>
        _connections.TryGetValue(connectionId, out VirtualConnection? connection) ? connection.Input.Count : -1;

    internal VirtualConnection? DequeuePending()
    {
        if (!_pending.TryDequeue(out VirtualConnection? connection)) return null;
        Invariant.Require(!connection.Accepted, "a pending connection is not yet accepted");
        connection.Accepted = true;
        return connection;
    }

    /// <summary>Copies unread input into the vectors; consumes it unless peeking.</summary>
    internal int Receive(VirtualConnection connection, IGuestMemory memory, ReadOnlySpan<IoVector> vectors, bool peek)
    {
        int copied = 0;
        foreach (IoVector vector in vectors)
        {
            int chunk = (int)Math.Min(vector.Length, (uint)(connection.Input.Count - copied));
            if (chunk == 0) continue;
            int read = connection.Input.Peek(copied, memory.Write(vector.Address, (uint)chunk));
            Invariant.Require(read == chunk, "the queue holds the bytes it counts");
            copied += chunk;
        }
        if (!peek)
        {
            connection.Input.Consume(copied);
            ResumeIfDrained(connection);
        }
        return copied;
    }

    internal void Send(VirtualConnection connection, ReadOnlySpan<byte> bytes)
    {
        Invariant.Require(!connection.WriteShutdown, "no send after the guest shut down writing");
        if (bytes.Length > 0) _sink.Send(connection.Id, bytes);
    }

    internal void ShutdownRead(VirtualConnection connection)
    {
        connection.ReadShutdown = true;
        connection.Input.Clear();
        ResumeIfDrained(connection);
    }

    internal void ShutdownWrite(VirtualConnection connection)
    {
        if (connection.WriteShutdown) return;
        connection.WriteShutdown = true;
        _sink.ShutdownSend(connection.Id);
    }

    /// <summary>The guest closed an accepted connection.</summary>
    internal void CloseByGuest(VirtualConnection connection)
    {
        Invariant.Require(connection.Accepted, "only an accepted connection has a descriptor to close");
        bool removed = _connections.Remove(connection.Id);
        Invariant.Require(removed, "a connection with a descriptor is live");
        _sink.Close(connection.Id);
    }

    /// <summary>The guest closed the listener: refuse new clients and drop the queued ones.</summary>
    internal void CloseListener()
    {
        IsListening = false;
        while (_pending.TryDequeue(out VirtualConnection? connection))
        {
            _connections.Remove(connection.Id);
            _sink.Close(connection.Id);
        }
    }

    private void ResumeIfDrained(VirtualConnection connection)
    {
        if (!connection.InputPaused || connection.Input.Count > Limits.InputLowWaterBytes) return;
        connection.InputPaused = false;
        _sink.ResumeReceiving(connection.Id);
    }

    // State capture and restore: connections sorted by id, the accept queue in order.

    internal IEnumerable<VirtualConnection> ConnectionsById() => _connections.Values.OrderBy(c => c.Id);

    internal IEnumerable<VirtualConnection> PendingInOrder() => _pending;

    internal bool TryGetConnection(ulong connectionId, out VirtualConnection connection) =>
        _connections.TryGetValue(connectionId, out connection!);

    internal void ClearForRestore(bool isListening)
    {
        _connections.Clear();
        _pending.Clear();
        IsListening = isListening;
    }

    internal void RestoreConnection(VirtualConnection connection) => _connections.Add(connection.Id, connection);

    internal void RestorePending(VirtualConnection connection) => _pending.Enqueue(connection);
}
