using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>How the epoch sync reaches the other hosts (the peer transport in a node, a fake in tests).</summary>
public interface ISyncLink
{
    /// <summary>Every other node, ascending.</summary>
    IReadOnlyList<uint> Peers { get; }

    /// <summary>Queues a message; false when it could not be (the peer's queue is full): the sync treats it as lost.</summary>
    bool Send(uint peer, Envelope message);

    /// <summary>Whether a connection with the peer is up (a primary does not wait for a peer it cannot reach).</summary>
    bool IsConnected(uint peer);
}
