namespace Plover.Engine.Transport;

/// <summary>
/// Counters for a transport: traffic per peer and per envelope kind (so replication bytes split into
/// log, hashes and pages), and refused connections by reason.
/// </summary>
public sealed class TransportMetrics
{
    private readonly IReadOnlyDictionary<uint, PeerTraffic> peers;
    private readonly long[] refusals = new long[Enum.GetValues<PeerRefusalReason>().Length];

    internal TransportMetrics(IEnumerable<uint> peerIds)
    {
        peers = peerIds.ToDictionary(id => id, id => new PeerTraffic(id));
    }

    internal PeerTraffic For(uint peerId) => peers[peerId];

    internal void RecordRefusal(PeerRefusalReason reason) => Interlocked.Increment(ref refusals[(int)reason]);

    /// <summary>Traffic with one peer so far.</summary>
    public PeerTrafficSnapshot Peer(uint peerId)
    {
        if (!peers.TryGetValue(peerId, out PeerTraffic? traffic))
            throw new ArgumentOutOfRangeException(nameof(peerId), peerId, "not a peer of this transport");
        return traffic.Snapshot();
    }

    /// <summary>Traffic with every peer, in node id order.</summary>
    public IReadOnlyList<PeerTrafficSnapshot> Peers() => peers.Keys.Order().Select(id => peers[id].Snapshot()).ToArray();

    /// <summary>Connections refused (by us) for <paramref name="reason"/> so far.</summary>
    public long Refusals(PeerRefusalReason reason) => Interlocked.Read(ref refusals[(int)reason]);
}
