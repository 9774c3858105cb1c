using System.Threading.Channels;
using Plover.Engine.Transport;
using Plover.Engine.Wire;

namespace Plover.Engine.FrontDoor;

/// <summary>
/// Replies for the clients one peer holds, in release order, sent with the transport's
/// back-pressure (a reply may not be dropped: the client's byte stream would have a hole).
/// </summary>
internal sealed class ReplyPump(uint peer, PeerTransport transport, CancellationToken stopping)
{
    private readonly Channel<Envelope> queue = Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = true });

    public void Post(Envelope reply) => queue.Writer.TryWrite(reply);

    public void Complete() => queue.Writer.TryComplete();

    public Task Start() => Task.Run(async () =>
    {
        try
        {
            await foreach (Envelope reply in queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
                await transport.SendAsync(peer, reply, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
    });
}
