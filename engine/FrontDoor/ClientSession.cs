using System.Net.Sockets;
using System.Threading.Channels;
using Plover.Engine.Execution;

namespace Plover.Engine.FrontDoor;

/// <summary>
/// One client socket: a reader that waits until the session is bound (so unbound clients are held
/// back by TCP, not by memory), then passes each read on; a writer that sends the guest's released
/// outputs in order. Either side ending closes the socket; the front door decides what the log hears.
/// </summary>
public sealed class ClientSession : IAsyncDisposable
{
    /// <summary>Bytes of one read (one Data entry at most this large).</summary>
    public const int ReadBytesMax = 64 * 1024;

    /// <summary>Released output not yet written to a client that does not read; past it the client is dropped.</summary>
    public const long UnsentBytesMax = 64L << 20;

    private readonly Socket socket;
    // Synchronous continuations: the releasing thread writes to the socket itself (a send to a
    // client that reads completes at once) instead of waking a thread-pool thread per reply.
    private readonly Channel<OutputEvent> outbox = Channel.CreateUnbounded<OutputEvent>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource<SessionBinding> bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource closing = new();
    private readonly SemaphoreSlim resume = new(0);
    private volatile bool paused;
    private long unsentBytes;
    private int closed;
    private int closeSent;

    public ClientSession(ulong id, Socket socket)
    {
        Id = id;
        this.socket = socket;
        socket.NoDelay = true;
        Binding = new SessionBinding.Pending();
        Remote = socket.RemoteEndPoint?.ToString() ?? "unknown";
    }

    public ulong Id { get; }

    public string Remote { get; }

    public SessionBinding Binding { get; private set; }

    public DateTimeOffset OpenedAt { get; } = DateTimeOffset.UtcNow;

    public bool IsClosed => Volatile.Read(ref closed) != 0;

    public CancellationToken Closing => closing.Token;

    /// <summary>Binds the session once; false when it is already bound or closed.</summary>
    public bool Bind(SessionBinding binding)
    {
        if (IsClosed || Binding is not SessionBinding.Pending) return false;
        Binding = binding;
        return bound.TrySetResult(binding);
    }

    public Task<SessionBinding> WhenBound => bound.Task;

    /// <summary>Reads the next chunk; empty at end of input. Waits while paused (the guest's input is full).</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(byte[] buffer)
    {
        while (paused && !IsClosed) await resume.WaitAsync(TimeSpan.FromMilliseconds(200), closing.Token).ConfigureAwait(false);
        int read = await socket.ReceiveAsync(buffer, SocketFlags.None, closing.Token).ConfigureAwait(false);
        return buffer.AsMemory(0, read);
    }

    /// <summary>True the first time only: the log hears of the client's end once.</summary>
    public bool MarkCloseSent() => Interlocked.Exchange(ref closeSent, 1) == 0;

    public void PauseReading() => paused = true;

    public void ResumeReading()
    {
        paused = false;
        resume.Release();
    }

    /// <summary>Queues a released output (any thread); a client owing too much is closed.</summary>
    public void Enqueue(OutputEvent output)
    {
        if (IsClosed) return;
        if (Interlocked.Add(ref unsentBytes, output.Data?.Length ?? 0) > UnsentBytesMax)
        {
            Close();
            return;
        }
        outbox.Writer.TryWrite(output);
    }

    /// <summary>Writes queued outputs until the guest closes the connection or the socket fails.</summary>
    public async Task WriteLoopAsync()
    {
        try
        {
            await foreach (OutputEvent output in outbox.Reader.ReadAllAsync(closing.Token).ConfigureAwait(false))
            {
                switch (output.Kind)
                {
                    case OutputKind.Data:
                        await SendAllAsync(output.Data!).ConfigureAwait(false);
                        Interlocked.Add(ref unsentBytes, -output.Data!.Length);
                        break;
                    case OutputKind.Shutdown:
                        socket.Shutdown(SocketShutdown.Send);
                        break;
                    case OutputKind.Close:
                        Close();
                        return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Close();
        }
    }

    private async Task SendAllAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            int sent = await socket.SendAsync(data, SocketFlags.None, closing.Token).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    /// <summary>Closes the socket at once (idempotent, any thread).</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref closed, 1) != 0) return;
        bound.TrySetResult(new SessionBinding.Pending());
        outbox.Writer.TryComplete();
        try
        {
            closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
