using System.Buffers;
using Microsoft.Extensions.Logging;
using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>
/// One live, authenticated connection with a peer: a reader loop delivering frames to the inbox, a
/// writer loop draining the peer's outbox in batches, and a watchdog that sends heartbeats when we
/// are quiet and closes the connection when the peer is. Any error closes the connection (never
/// the node) with a reason; the dialling side then connects again.
/// </summary>
internal sealed class PeerConnection
{
    private static readonly Envelope HeartbeatEnvelope = new() { Heartbeat = new Heartbeat() };

    private readonly EstablishedStream established;
    private readonly PeerOutbox outbox;
    private readonly TransportInbox inbox;
    private readonly PeerTraffic traffic;
    private readonly TransportOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource closing = new();
    private readonly CancellationTokenRegistration stopRegistration;
    private string? closeReason;
    private long lastWrite;
    private volatile bool waitingForInbox;

    public PeerConnection(EstablishedStream established, PeerOutbox outbox, TransportInbox inbox, PeerTraffic traffic,
        TransportOptions options, ILogger logger, CancellationToken transportStopping)
    {
        this.established = established;
        this.outbox = outbox;
        this.inbox = inbox;
        this.traffic = traffic;
        this.options = options;
        this.logger = logger;
        time = options.TimeProvider;
        lastWrite = time.GetTimestamp();
        stopRegistration = transportStopping.UnsafeRegister(_ => Close("the transport is shutting down"), null);
        Completion = Task.CompletedTask;
    }

    public uint PeerId => established.PeerId;

    public EstablishedStream Established => established;

    /// <summary>Why the connection closed; null while it is open.</summary>
    public string? CloseReason => Volatile.Read(ref closeReason);

    /// <summary>Completes once every loop has stopped and the socket is released.</summary>
    public Task Completion { get; private set; }

    public void Start()
    {
        Completion = RunAsync();
    }

    /// <summary>Closes the connection; the first reason given is the one reported. Safe to call from any thread, repeatedly.</summary>
    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref closeReason, reason, null) is not null) return;
        closing.Cancel();
        // Disposing the socket aborts a read or write in progress, which cancellation alone may not.
        established.Socket.Dispose();
    }

    // Never faults: the link awaits it to detach this connection and to attach the next one.
    private async Task RunAsync()
    {
        Task reading = Task.Run(ReadLoopAsync);
        Task writing = Task.Run(WriteLoopAsync);
        Task watching = Task.Run(WatchLoopAsync);
        try
        {
            await Task.WhenAll(reading, writing, watching).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The loops handle their own errors; reaching here is a bug, but it must not wedge the link.
            Close($"connection loop failed: {Describe(e)}");
            TransportLog.TaskFailed(logger, e, $"connection with node {PeerId}");
        }
        await stopRegistration.DisposeAsync().ConfigureAwait(false);
        try
        {
            await established.Stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The socket is already gone; there is nothing left to release.
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                ReceivedEnvelope? received = await established.Reader.ReadEnvelopeAsync(closing.Token).ConfigureAwait(false);
                if (received is not { } frame)
                {
                    Close("the peer closed the connection");
                    return;
                }
                traffic.RecordReceived(frame.Message.KindCase, frame.WireBytes);
                if (frame.Message.KindCase == Envelope.KindOneofCase.Heartbeat) continue;
                await DeliverAsync(frame).ConfigureAwait(false);
            }
        }
        catch (FrameException e)
        {
            traffic.RecordFrameError();
            TransportLog.BadFrame(logger, PeerId, e.Error, e.Message);
            Close($"bad frame: {e.Message}");
        }
        catch (Exception e) when (closing.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Closed by someone else while reading: their reason stands.
        }
        catch (Exception e)
        {
            Close($"read failed: {Describe(e)}");
        }
    }

    private async Task DeliverAsync(ReceivedEnvelope frame)
    {
        waitingForInbox = true;
        try
        {
            await inbox.DeliverAsync(new InboundFrame(PeerId, frame.Message, frame.WireBytes), closing.Token).ConfigureAwait(false);
        }
        finally
        {
            waitingForInbox = false;
            // The wait was the engine's doing, not the peer's silence.
            established.Reader.MarkProgress();
        }
    }

    private async Task WriteLoopAsync()
    {
        byte[] batch = ArrayPool<byte>.Shared.Rent(options.WriteBatchBytesMax);
        var taken = new List<OutboundFrame>();
        try
        {
            while (await outbox.Frames.WaitToReadAsync(closing.Token).ConfigureAwait(false))
            {
                await WriteBatchAsync(batch, taken).ConfigureAwait(false);
                foreach (OutboundFrame frame in taken)
                {
                    traffic.RecordSent(frame.Kind, frame.Length);
                    outbox.Release(frame);
                }
                taken.Clear();
                Volatile.Write(ref lastWrite, time.GetTimestamp());
            }
            Close("the transport is shutting down");
        }
        catch (Exception e) when (closing.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
        catch (Exception e)
        {
            Close($"write failed: {Describe(e)}");
        }
        finally
        {
            // Frames taken but not known to be written are lost with the connection (at most once).
            foreach (OutboundFrame frame in taken) outbox.Release(frame);
            ArrayPool<byte>.Shared.Return(batch);
        }
    }

    /// <summary>
    /// Takes queued frames (up to about one batch of bytes), copies the small ones into the batch
    /// buffer and writes it with one call; a frame too large to share a batch is written on its own.
    /// </summary>
    private async Task WriteBatchAsync(byte[] batch, List<OutboundFrame> taken)
    {
        int batched = 0;
        long takenBytes = 0;
        while (takenBytes < batch.Length && outbox.Frames.TryRead(out OutboundFrame frame))
        {
            taken.Add(frame);
            takenBytes += frame.Length;
            if (frame.Length > batch.Length - batched)
            {
                await WriteAsync(batch.AsMemory(0, batched)).ConfigureAwait(false);
                batched = 0;
            }
            if (frame.Length > batch.Length / 2)
            {
                await WriteAsync(frame.Bytes).ConfigureAwait(false);
                continue;
            }
            frame.Bytes.Span.CopyTo(batch.AsSpan(batched));
            batched += frame.Length;
        }
        await WriteAsync(batch.AsMemory(0, batched)).ConfigureAwait(false);
        await established.Stream.FlushAsync(closing.Token).ConfigureAwait(false);
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        await established.Stream.WriteAsync(bytes, closing.Token).ConfigureAwait(false);
        traffic.RecordWrite();
    }

    private async Task WatchLoopAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(options.HeartbeatInterval / 2, time);
            while (await timer.WaitForNextTickAsync(closing.Token).ConfigureAwait(false))
            {
                if (!waitingForInbox && time.GetElapsedTime(established.Reader.LastProgress) > options.IdleTimeout)
                {
                    Close($"nothing received for {options.IdleTimeout.TotalMilliseconds} ms");
                    return;
                }
                if (time.GetElapsedTime(Volatile.Read(ref lastWrite)) >= options.HeartbeatInterval && outbox.QueuedBytes == 0)
                    QueueHeartbeat();
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
        }
    }

    private void QueueHeartbeat()
    {
        OutboundFrame heartbeat = FrameEncoder.Encode(HeartbeatEnvelope);
        bool queued;
        try
        {
            queued = outbox.TryEnqueue(heartbeat);
        }
        catch (ObjectDisposedException)
        {
            queued = false;
        }
        // A full queue means frames are waiting, and they will show the peer we are alive.
        if (!queued) heartbeat.ReturnBuffer();
    }

    private static string Describe(Exception e) =>
        e.InnerException is { } inner ? $"{e.GetType().Name}: {e.Message} ({inner.Message})" : $"{e.GetType().Name}: {e.Message}";
}
