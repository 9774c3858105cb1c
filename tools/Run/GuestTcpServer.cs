using System.Net;
using System.Net.Sockets;
using Plover.Sandbox.Guest;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Cli.Run;

/// <summary>
/// `plover run GUEST.wasm --listen HOST:PORT`: one unreplicated guest serving real TCP clients.
/// One thread does everything, as a native event-loop server does: it waits on epoll, accepts
/// new clients into the virtual network, reads everything ready from every readable client
/// (without blocking) and delivers it, runs the guest until it blocks again, then sends what the
/// guest wrote. A client the guest is not reading (back-pressure) is not read either.
/// </summary>
internal sealed class GuestTcpServer : IDisposable
{
    /// <summary>Bytes read from a client per receive call (one reusable buffer).</summary>
    private const int ReadChunkBytes = 64 * 1024;

    /// <summary>Receives from one client per wake-up before the others get their turn.</summary>
    private const int ReadsPerWakeMax = 16;

    /// <summary>Readiness events taken per wait.</summary>
    private const int EventsPerWaitMax = 1024;

    private const int ListenBacklog = 4096;

    /// <summary>Accepted clients waiting for room in the guest's accept queue; more are refused.</summary>
    private const int AwaitingAcceptMax = 4096;

    private const ulong ListenerToken = ulong.MaxValue - 1;

    private readonly Socket _listener;
    private readonly Epoll _epoll = new(EventsPerWaitMax);
    private readonly ConnectionTable _connections = new();
    private readonly List<ClientConnection> _toFlush = [];
    private readonly Queue<Socket> _awaitingAccept = new();
    private readonly byte[] _readBuffer = new byte[ReadChunkBytes];
    private GuestMachine? _machine;
    private ulong _nextConnectionId = 1;
    private volatile bool _stopRequested;

    private GuestTcpServer(Socket listener)
    {
        _listener = listener;
        _epoll.Add((int)listener.Handle, Epoll.In, ListenerToken);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>The virtual network's sink: give it to the guest's WASI configuration.</summary>
    public ConnectionTable Sink => _connections;

    public static GuestTcpServer Listen(IPEndPoint endpoint)
    {
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(ListenBacklog);
            listener.Blocking = false;
            return new GuestTcpServer(listener);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Asks the serving thread to stop (Ctrl-C, SIGTERM); safe from any thread.</summary>
    public void Stop()
    {
        _stopRequested = true;
        _epoll.Wake();
    }

    /// <summary>Serves until the guest finishes or <see cref="Stop"/>; null when stopped, else how the guest ended.</summary>
    public GuestRunResult? Serve(GuestMachine machine)
    {
        _machine = machine;
        GuestRunResult result = machine.RunUntilBlocked();
        while (!result.IsFinal && !_stopRequested)
        {
            FlushTouched();
            int ready = _epoll.Wait(machine.CanResume ? 0 : TimeoutMs());
            for (int i = 0; i < ready; i++) Handle(_epoll.EventAt(i));
            AdmitAwaiting();
            if (machine.CanResume) result = machine.RunUntilBlocked();
        }
        FlushTouched();
        return result.IsFinal ? result : null;
    }

    public void Dispose()
    {
        _stopRequested = true;
        foreach (ClientConnection connection in _connections.All.ToList()) connection.Dispose();
        while (_awaitingAccept.TryDequeue(out Socket? socket)) socket.Dispose();
        _listener.Dispose();
        _epoll.Dispose();
    }

    private int TimeoutMs()
    {
        ulong? nanoseconds = _machine!.NanosecondsUntilDeadline;
        return nanoseconds is ulong ns ? (int)Math.Min(Math.Ceiling(ns / 1e6), int.MaxValue) : -1;
    }

    private void Handle((uint Events, ulong Token) ready)
    {
        if (ready.Token == Epoll.WakeToken) _epoll.ClearWake();
        else if (ready.Token == ListenerToken) AcceptAll();
        else if (_connections.TryGet(ready.Token, out ClientConnection connection))
        {
            if ((ready.Events & (Epoll.In | Epoll.Error | Epoll.HangUp)) != 0) ReadFrom(connection);
            if ((ready.Events & (Epoll.Error | Epoll.HangUp)) != 0) HangUp(connection);
            else if ((ready.Events & Epoll.Out) != 0) Flush(connection);
        }
    }

    // The socket failed or both directions are closed: nothing can be sent any more, and epoll
    // would report it on every wait, so it is no longer watched. The guest hears end of input.
    private void HangUp(ClientConnection connection)
    {
        if (connection.Closed) return;
        connection.Broken = true;
        connection.Output.Clear();
        EndInput(connection);
        if (connection.Watched)
        {
            _epoll.Remove(connection.Fd);
            connection.Watched = false;
        }
        FinishRequested(connection);
    }

    private void AcceptAll()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                if (e.SocketErrorCode == SocketError.WouldBlock) return;
                continue;
            }
            catch (SocketException)
            {
                return;  // out of descriptors and the like: keep serving the clients there are
            }
            client.Blocking = false;
            client.NoDelay = true;
            Admit(client);
        }
    }

    private void Admit(Socket socket)
    {
        if (_awaitingAccept.Count == 0 && TryConnect(socket)) return;
        if (_awaitingAccept.Count < AwaitingAcceptMax) _awaitingAccept.Enqueue(socket);
        else socket.Dispose();
    }

    // Clients the guest's accept queue had no room for wait here, as in a kernel's listen backlog.
    private void AdmitAwaiting()
    {
        while (_awaitingAccept.TryPeek(out Socket? socket) && TryConnect(socket)) _awaitingAccept.Dequeue();
    }

    /// <summary>Hands a client to the virtual network; false when its accept queue is full (try again later).</summary>
    private bool TryConnect(Socket socket)
    {
        ulong id = _nextConnectionId;
        switch (_machine!.Connect(id))
        {
            case WasiConnectOutcome.BacklogFull:
                return false;
            case WasiConnectOutcome.Queued:
                _nextConnectionId++;
                var connection = new ClientConnection(id, socket);
                _connections.Add(connection);
                connection.WatchedEvents = Epoll.In;
                connection.Watched = true;
                _epoll.Add(connection.Fd, Epoll.In, id);
                return true;
            default:
                socket.Dispose();  // too many connections, or the guest no longer listens
                return true;
        }
    }

    /// <summary>Takes what the client sent, without blocking, and delivers it to the guest.</summary>
    private void ReadFrom(ClientConnection connection)
    {
        for (int reads = 0; reads < ReadsPerWakeMax && connection.WantsInput; reads++)
        {
            int received = connection.Socket.Receive(_readBuffer, 0, _readBuffer.Length, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock) break;
            if (error != SocketError.Success || received == 0)
            {
                EndInput(connection);
                break;
            }
            WasiDeliverOutcome outcome = _machine!.Deliver(connection.Id, _readBuffer.AsSpan(0, received));
            if (outcome == WasiDeliverOutcome.Full) connection.Paused = true;  // until the sink's ResumeReceiving
            else if (outcome == WasiDeliverOutcome.Discarded) connection.ReadingStopped = true;
            if (received < _readBuffer.Length) break;
        }
        Watch(connection);
    }

    private void EndInput(ClientConnection connection)
    {
        if (connection.InputEnded) return;
        connection.InputEnded = true;
        _machine!.PeerClosed(connection.Id);
    }

    private void FlushTouched()
    {
        _connections.TakeTouched(_toFlush);
        foreach (ClientConnection connection in _toFlush) Flush(connection);
        _toFlush.Clear();
    }

    /// <summary>Sends what the guest wrote as far as the socket takes it, then carries out a requested shutdown or close.</summary>
    private void Flush(ClientConnection connection)
    {
        if (connection.Closed) return;
        while (!connection.Broken && connection.Output.Count > 0)
        {
            int sent = connection.Socket.Send(connection.Output.Pending, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock) break;  // epoll says when there is room
            if (error != SocketError.Success)
            {
                connection.Broken = true;
                connection.Output.Clear();
                break;
            }
            connection.Output.Consume(sent);
        }
        // The client is gone or does not read: the guest hears end of input and will close.
        if (connection.Broken) EndInput(connection);
        if (connection.Output.Count == 0 || connection.Broken) FinishRequested(connection);
        if (!connection.Closed) Watch(connection);
    }

    private void FinishRequested(ClientConnection connection)
    {
        if (connection.CloseRequested)
        {
            if (connection.Watched) _epoll.Remove(connection.Fd);
            _connections.Remove(connection);
            connection.Dispose();
            return;
        }
        if (!connection.ShutdownRequested || connection.ShutdownDone) return;
        connection.ShutdownDone = true;
        try
        {
            connection.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            connection.Broken = true;
        }
    }

    /// <summary>Tells epoll what to wait for on the connection, when that changed.</summary>
    private void Watch(ClientConnection connection)
    {
        if (connection.Closed || !connection.Watched) return;
        uint desired = connection.DesiredEvents;
        if (desired == connection.WatchedEvents) return;
        _epoll.Modify(connection.Fd, desired, connection.Id);
        connection.WatchedEvents = desired;
    }
}
