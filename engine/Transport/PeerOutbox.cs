using System.Threading.Channels;

namespace Plover.Engine.Transport;

/// <summary>
/// The frames waiting to go to one peer, bounded in bytes. It belongs to the peer, not to a
/// connection: frames queued while the peer is away are written once it is back. A frame counts
/// against the bound from the moment it is queued until its write has finished.
/// </summary>
internal sealed class PeerOutbox
{
    private readonly ByteBudget budget;
    // Synchronous continuations: an idle connection's writer runs on the queuing thread and writes at
    // once (a write that cannot complete goes on asynchronously), instead of waking a thread-pool
    // thread for every message the consensus loop or the executor sends.
    private readonly Channel<OutboundFrame> frames = Channel.CreateUnbounded<OutboundFrame>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = true });

    public PeerOutbox(long bytesMax)
    {
        budget = new ByteBudget(bytesMax);
    }

    public long BytesMax => budget.Capacity;

    public long QueuedBytes => budget.Used;

    public ChannelReader<OutboundFrame> Frames => frames.Reader;

    /// <summary>Queues the frame if there is room now; false when the queue is full (the caller keeps the frame).</summary>
    public bool TryEnqueue(OutboundFrame frame)
    {
        CheckFits(frame);
        if (!budget.TryAcquire(frame.Length)) return false;
        Write(frame);
        return true;
    }

    /// <summary>Waits for room, then queues the frame. On an exception the caller still owns the frame's buffer.</summary>
    public async ValueTask EnqueueAsync(OutboundFrame frame, CancellationToken cancellation)
    {
        CheckFits(frame);
        await budget.AcquireAsync(frame.Length, cancellation).ConfigureAwait(false);
        Write(frame);
    }

    /// <summary>Called once a frame taken from <see cref="Frames"/> has been written, or lost with its connection.</summary>
    public void Release(OutboundFrame frame)
    {
        frame.ReturnBuffer();
        budget.Release(frame.Length);
    }

    /// <summary>Refuses new frames and fails waiting senders.</summary>
    public void Close()
    {
        frames.Writer.TryComplete();
        budget.Close();
    }

    /// <summary>Returns the buffers of frames never written. Only once no writer loop reads the queue any more.</summary>
    public void DiscardUnsent()
    {
        while (frames.Reader.TryRead(out OutboundFrame frame)) Release(frame);
    }

    private void CheckFits(OutboundFrame frame)
    {
        if (frame.Length > budget.Capacity)
            throw new ArgumentException(
                $"a {frame.Length}-byte frame can never fit the {budget.Capacity}-byte outbound queue", nameof(frame));
    }

    private void Write(OutboundFrame frame)
    {
        if (!frames.Writer.TryWrite(frame))
        {
            budget.Release(frame.Length);
            throw new ObjectDisposedException(nameof(PeerOutbox), "the transport is shut down");
        }
    }
}
