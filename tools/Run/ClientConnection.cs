using System.Net.Sockets;

namespace Plover.Cli.Run;

/// <summary>
/// One real client socket behind a virtual-network connection. The guest thread owns every field;
/// socket completions only post events to it. Reading waits for readability with a zero-byte
/// receive and then takes what is there without blocking; writing sends without blocking and
/// falls back to one asynchronous send when the socket is full.
/// </summary>
internal sealed class ClientConnection : IDisposable
{
    private readonly Action<ServerEvent> _post;
    private readonly SocketAsyncEventArgs _readReady = new();
    private readonly SocketAsyncEventArgs _send = new();
    private byte[] _sendBuffer = [];

    public ClientConnection(ulong id, Socket socket, Action<ServerEvent> post)
    {
        Id = id;
        Socket = socket;
        _post = post;
        _readReady.SetBuffer(Memory<byte>.Empty);
        _readReady.Completed += (_, _) => _post(new ServerEvent(ServerEventKind.Readable, Connection: this));
        _send.Completed += (_, _) => _post(new ServerEvent(ServerEventKind.SendCompleted, Connection: this));
    }

    public ulong Id { get; }

    public Socket Socket { get; }

    public OutputQueue Output { get; } = new();

    /// <summary>The virtual network reported Full: no reading until it asks to resume.</summary>
    public bool Paused { get; set; }

    /// <summary>The machine was told the client sends nothing more.</summary>
    public bool InputEnded { get; set; }

    /// <summary>The guest will read nothing more (closed, or shut down its reading side).</summary>
    public bool ReadingStopped { get; set; }

    /// <summary>The guest closed the connection: close the socket once the output is sent.</summary>
    public bool CloseRequested { get; set; }

    /// <summary>The guest shut down its sending side: shut the socket's down once the output is sent.</summary>
    public bool ShutdownRequested { get; set; }

    public bool ShutdownDone { get; set; }

    /// <summary>Sending failed (the client went away): further output is dropped.</summary>
    public bool Broken { get; set; }

    public bool Closed { get; private set; }

    /// <summary>Listed for the next flush (see <see cref="ConnectionTable.Touch"/>).</summary>
    public bool Listed { get; set; }

    public bool ReadArmed { get; private set; }

    public bool SendInFlight { get; private set; }

    /// <summary>Whether to wait for more input from the client now.</summary>
    public bool WantsInput => !Closed && !Paused && !InputEnded && !ReadingStopped;

    /// <summary>Waits for the socket to become readable; the wait's end is posted as a Readable event.</summary>
    public void ArmRead()
    {
        if (ReadArmed || !WantsInput) return;
        ReadArmed = true;
        bool pending;
        try
        {
            pending = Socket.ReceiveAsync(_readReady);
        }
        catch (ObjectDisposedException)
        {
            pending = false;
        }
        if (!pending) _post(new ServerEvent(ServerEventKind.Readable, Connection: this));
    }

    /// <summary>The readability wait ended (its event is being handled).</summary>
    public void ReadDelivered() => ReadArmed = false;

    /// <summary>Sends the queued output asynchronously; its end is posted as a SendCompleted event.</summary>
    public void StartAsyncSend()
    {
        int count = Output.Count;
        if (_sendBuffer.Length < count) _sendBuffer = new byte[Math.Max(count, _sendBuffer.Length * 2)];
        Output.Pending.CopyTo(_sendBuffer);
        Output.Clear();
        _send.SetBuffer(_sendBuffer, 0, count);
        SendInFlight = true;
        bool pending;
        try
        {
            pending = Socket.SendAsync(_send);
        }
        catch (ObjectDisposedException)
        {
            pending = false;
        }
        if (!pending) _post(new ServerEvent(ServerEventKind.SendCompleted, Connection: this));
    }

    /// <summary>The asynchronous send ended: false when it failed; bytes it did not send go back to the front of the queue.</summary>
    public bool FinishAsyncSend()
    {
        SendInFlight = false;
        if (_send.SocketError != SocketError.Success) return false;
        int sent = _send.BytesTransferred, count = _send.Count;
        if (sent < count)
        {
            var rest = _sendBuffer.AsSpan(sent, count - sent).ToArray();
            byte[] queued = Output.Pending.ToArray();
            Output.Clear();
            Output.TryAppend(rest, int.MaxValue);
            Output.TryAppend(queued, int.MaxValue);
        }
        return true;
    }

    public void Dispose()
    {
        if (Closed) return;
        Closed = true;
        Socket.Dispose();
        // The event args stay alive until their completions have run; they hold no native memory of their own.
    }
}
