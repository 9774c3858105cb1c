using System.Net.Sockets;

namespace Plover.Cli.Run;

/// <summary>
/// One real client socket behind a virtual-network connection, owned by the serving thread: what
/// the guest owes it, what it asked for (shutdown, close), and which readiness the thread waits for.
/// </summary>
internal sealed class ClientConnection(ulong id, Socket socket) : IDisposable
{
    public ulong Id { get; } = id;

    public Socket Socket { get; } = socket;

    public int Fd { get; } = (int)socket.Handle;

    public OutputQueue Output { get; } = new();

    /// <summary>The virtual network reported Full: no reading until it asks to resume.</summary>
    public bool Paused { get; set; }

    /// <summary>The machine was told the client sends nothing more.</summary>
    public bool InputEnded { get; set; }

    /// <summary>The guest will read nothing more (it closed, or shut down its reading side).</summary>
    public bool ReadingStopped { get; set; }

    /// <summary>The guest closed the connection: close the socket once the output is sent.</summary>
    public bool CloseRequested { get; set; }

    /// <summary>The guest shut down its sending side: shut the socket's down once the output is sent.</summary>
    public bool ShutdownRequested { get; set; }

    public bool ShutdownDone { get; set; }

    /// <summary>Sending failed or the client owes too much (it went away or does not read): output is dropped.</summary>
    public bool Broken { get; set; }

    public bool Closed { get; private set; }

    /// <summary>Listed for the next flush (see <see cref="ConnectionTable.Touch"/>).</summary>
    public bool Listed { get; set; }

    /// <summary>Registered with epoll (until it hangs up or closes).</summary>
    public bool Watched { get; set; }

    /// <summary>The readiness epoll watches for now.</summary>
    public uint WatchedEvents { get; set; }

    /// <summary>Whether to read from the client now.</summary>
    public bool WantsInput => !Closed && !Paused && !InputEnded && !ReadingStopped;

    /// <summary>The readiness to wait for: input when wanted, room to send when output is stuck.</summary>
    public uint DesiredEvents => (WantsInput ? Epoll.In : 0) | (!Broken && Output.Count > 0 ? Epoll.Out : 0);

    public void Dispose()
    {
        if (Closed) return;
        Closed = true;
        Socket.Dispose();
    }
}
