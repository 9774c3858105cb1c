using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Plover.Sandbox;
using Plover.Sandbox.Guest;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Cli.Run;

/// <summary>
/// `plover run GUEST.wasm --listen HOST:PORT`: one unreplicated guest serving real TCP clients.
/// Sockets are accepted and watched on the runtime's I/O threads, which only post events; one
/// guest thread owns the machine and every connection. It takes all pending events (new clients,
/// readable clients: everything they sent is read and delivered), runs the guest until it blocks,
/// then sends what the guest wrote, and sleeps until the next event or the guest's deadline.
/// </summary>
internal sealed class GuestTcpServer : IDisposable
{
    /// <summary>Bytes read from a client per receive call (one reusable buffer).</summary>
    private const int ReadChunkBytes = 64 * 1024;

    /// <summary>Receives from one client per wake-up before the others get their turn.</summary>
    private const int ReadsPerWakeMax = 16;

    private const int ListenBacklog = 4096;

    /// <summary>Accepted clients waiting for room in the guest's accept queue; more are refused.</summary>
    private const int AwaitingAcceptMax = 4096;

    private readonly Socket _listener;
    private readonly ConcurrentQueue<ServerEvent> _events = new();
    private readonly ManualResetEventSlim _wake = new(initialState: false, spinCount: 1);
    private readonly ConnectionTable _connections = new();
    private readonly List<ClientConnection> _toFlush = [];
    private readonly Queue<Socket> _awaitingAccept = new();
    private readonly byte[] _readBuffer = new byte[ReadChunkBytes];
    private readonly Action<ServerEvent> _post;
    private GuestMachine? _machine;
    private ulong _nextConnectionId = 1;
    private volatile bool _stopRequested;

    private GuestTcpServer(Socket listener)
    {
        _listener = listener;
        _post = Post;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public ConnectionTable Sink => _connections;

    public static GuestTcpServer Listen(IPEndPoint endpoint)
    {
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(ListenBacklog);
            return new GuestTcpServer(listener);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Asks the guest thread to stop (Ctrl-C, SIGTERM); safe from any thread.</summary>
    public void Stop()
    {
        _stopRequested = true;
        _wake.Set();
    }

    /// <summary>Serves until the guest finishes or <see cref="Stop"/>; runs on the guest thread. Null when stopped, else how the guest ended.</summary>
    public GuestRunResult? Serve(GuestMachine machine)
    {
        _machine = machine;
        _ = AcceptLoopAsync();
        GuestRunResult result = machine.RunUntilBlocked();
        while (!result.IsFinal && !_stopRequested)
        {
            FlushTouched();
            // Reset, then look: a Post or Stop after the reset sets the event again, so no wake-up is lost.
            _wake.Reset();
            if (_stopRequested) break;
            if (_events.IsEmpty && !machine.CanResume) WaitForEventOrDeadline();
            DrainEvents();
            if (machine.CanResume) result = machine.RunUntilBlocked();
            AdmitAwaiting();
        }
        FlushTouched();
        return result.IsFinal ? result : null;
    }

    public void Dispose()
    {
        _stopRequested = true;
        _listener.Dispose();
        foreach (ClientConnection connection in _connections.All.ToList()) connection.Dispose();
        while (_awaitingAccept.TryDequeue(out Socket? socket)) socket.Dispose();
        // _wake is not disposed: completions of the sockets just closed may still post to it.
    }

    private void WaitForEventOrDeadline()
    {
        ulong? nanoseconds = _machine!.NanosecondsUntilDeadline;
        if (nanoseconds is null) _wake.Wait();
        else if (nanoseconds > 0) _wake.Wait(TimeSpan.FromMilliseconds(Math.Min(Math.Ceiling(nanoseconds.Value / 1e6), int.MaxValue)));
    }

    private void Post(ServerEvent item)
    {
        _events.Enqueue(item);
        _wake.Set();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                if (_stopRequested) return;
                if (e is SocketException) continue;
                return;
            }
            client.NoDelay = true;
            client.Blocking = false;
            Post(new ServerEvent(ServerEventKind.Accepted, Accepted: client));
        }
    }

    private void DrainEvents()
    {
        while (_events.TryDequeue(out ServerEvent item))
        {
            switch (item.Kind)
            {
                case ServerEventKind.Accepted: Admit(item.Accepted!); break;
                case ServerEventKind.Readable: ReadFrom(item.Connection!); break;
                case ServerEventKind.SendCompleted: SendFinished(item.Connection!); break;
            }
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
                var connection = new ClientConnection(id, socket, _post);
                _connections.Add(connection);
                connection.ArmRead();
                return true;
            default:
                socket.Dispose();  // too many connections, or the guest no longer listens
                return true;
        }
    }

    /// <summary>Takes what the client sent, without blocking, and delivers it to the guest.</summary>
    private void ReadFrom(ClientConnection connection)
    {
        connection.ReadDelivered();
        for (int reads = 0; reads < ReadsPerWakeMax && connection.WantsInput; reads++)
        {
            int received = connection.Socket.Receive(_readBuffer, 0, _readBuffer.Length, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock) break;
            if (error != SocketError.Success || received == 0)
            {
                EndInput(connection);
                return;
            }
            switch (_machine!.Deliver(connection.Id, _readBuffer.AsSpan(0, received)))
            {
                case WasiDeliverOutcome.Full:
                    connection.Paused = true;  // until the sink's ResumeReceiving
                    return;
                case WasiDeliverOutcome.Discarded:
                    connection.ReadingStopped = true;
                    return;
            }
            if (received < _readBuffer.Length) break;
        }
        connection.ArmRead();
    }

    private void EndInput(ClientConnection connection)
    {
        if (connection.InputEnded) return;
        connection.InputEnded = true;
        _machine!.PeerClosed(connection.Id);
    }

    private void SendFinished(ClientConnection connection)
    {
        if (connection.Closed) return;
        if (!connection.FinishAsyncSend()) Break(connection);
        Flush(connection);
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
        while (!connection.SendInFlight && !connection.Broken && connection.Output.Count > 0)
        {
            int sent = connection.Socket.Send(connection.Output.Pending, SocketFlags.None, out SocketError error);
            if (error == SocketError.Success) connection.Output.Consume(sent);
            else if (error == SocketError.WouldBlock) connection.StartAsyncSend();
            else Break(connection);
        }
        if (connection.Broken && !connection.InputEnded) EndInput(connection);
        if (connection.SendInFlight || (connection.Output.Count > 0 && !connection.Broken)) return;
        if (connection.CloseRequested)
        {
            _connections.Remove(connection);
            connection.Dispose();
            return;
        }
        if (connection.ShutdownRequested && !connection.ShutdownDone)
        {
            connection.ShutdownDone = true;
            try
            {
                connection.Socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                Break(connection);
            }
        }
        connection.ArmRead();
    }

    // The client is gone: its output is dropped and the guest hears end of input (it will close).
    private static void Break(ClientConnection connection)
    {
        connection.Broken = true;
        connection.Output.Clear();
    }
}
