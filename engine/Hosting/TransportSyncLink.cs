using Plover.Engine.Epochs;
using Plover.Engine.Transport;
using Plover.Engine.Wire;

namespace Plover.Engine.Hosting;

/// <summary>The epoch sync over the peer transport: queued without waiting (a full queue counts as a lost message).</summary>
public sealed class TransportSyncLink(PeerTransport transport) : ISyncLink
{
    public IReadOnlyList<uint> Peers { get; } = transport.PeerIds;

    public bool Send(uint peer, Envelope message)
    {
        try
        {
            return transport.TrySend(peer, message);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public bool IsConnected(uint peer) => transport.GetStatus(peer).State == PeerConnectionState.Connected;
}

/// <summary>An unreplicated node has nobody to sync with.</summary>
public sealed class NoPeersLink : ISyncLink
{
    public IReadOnlyList<uint> Peers => [];

    public bool Send(uint peer, Envelope message) => false;

    public bool IsConnected(uint peer) => false;
}
