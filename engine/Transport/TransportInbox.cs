using System.Threading.Channels;

namespace Plover.Engine.Transport;

/// <summary>
/// Received frames from every peer, in order per peer, for the engine to consume. Each peer's
/// share is bounded in bytes: a connection's reader waits for room before it delivers, so an
/// engine that falls behind stops reading from the socket and TCP pushes back on the sender.
/// Reading a frame gives its bytes back to its peer's budget.
/// </summary>
internal sealed class TransportInbox : ChannelReader<InboundFrame>
{
    // Synchronous continuations: a waiting consumer (the node's dispatcher, which only hands each
    // frame to a queue) runs on the reader's thread instead of costing a thread-pool hop per frame.
    private readonly Channel<InboundFrame> frames = Channel.CreateUnbounded<InboundFrame>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false, AllowSynchronousContinuations = true });
    private readonly IReadOnlyDictionary<uint, ByteBudget> budgets;

    public TransportInbox(IEnumerable<uint> peerIds, long bytesMaxPerPeer)
    {
        budgets = peerIds.ToDictionary(id => id, _ => new ByteBudget(bytesMaxPerPeer));
    }

    public override Task Completion => frames.Reader.Completion;

    public override bool CanCount => true;

    public override int Count => frames.Reader.Count;

    public long QueuedBytes(uint peerId) => budgets[peerId].Used;

    public override bool TryRead(out InboundFrame item)
    {
        if (!frames.Reader.TryRead(out item)) return false;
        budgets[item.PeerId].Release(item.WireBytes);
        return true;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
        frames.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Waits until the peer's share has room for the frame, then queues it.</summary>
    public async ValueTask DeliverAsync(InboundFrame frame, CancellationToken cancellation)
    {
        ByteBudget budget = budgets[frame.PeerId];
        await budget.AcquireAsync(frame.WireBytes, cancellation).ConfigureAwait(false);
        if (!frames.Writer.TryWrite(frame))
        {
            budget.Release(frame.WireBytes);
            throw new ObjectDisposedException(nameof(TransportInbox), "the transport is shut down");
        }
    }

    /// <summary>Ends the stream of frames: frames already queued can still be read, then the reader completes.</summary>
    public void Complete()
    {
        frames.Writer.TryComplete();
        foreach (ByteBudget budget in budgets.Values) budget.Close();
    }
}
