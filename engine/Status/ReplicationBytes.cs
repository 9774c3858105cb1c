using Plover.Engine.Transport;
using Plover.Engine.Wire;

namespace Plover.Engine.Status;

/// <summary>
/// Bytes this node sent its peers, split the way the benchmark reports them: the log (consensus
/// messages), hashes (state digests and page-hash lists), pages (state patches) and everything
/// else (verdicts, acks, forwarded client traffic, heartbeats).
/// </summary>
public sealed record ReplicationBytes(long Log, long Hashes, long Pages, long Other)
{
    public static readonly ReplicationBytes Zero = new(0, 0, 0, 0);

    public static string KindOf(Envelope.KindOneofCase kind) => kind switch
    {
        Envelope.KindOneofCase.Consensus => "log",
        Envelope.KindOneofCase.EpochDigest or Envelope.KindOneofCase.PageHashes or Envelope.KindOneofCase.StateTransferRequest => "hashes",
        Envelope.KindOneofCase.StatePatch or Envelope.KindOneofCase.StateTransferPart => "pages",
        _ => "other",
    };

    public static ReplicationBytes From(IEnumerable<PeerTrafficSnapshot> peers)
    {
        long log = 0, hashes = 0, pages = 0, other = 0;
        foreach (PeerTrafficSnapshot peer in peers)
        {
            foreach (FrameKindTraffic traffic in peer.Kinds)
            {
                switch (KindOf(traffic.Kind))
                {
                    case "log": log += traffic.BytesSent; break;
                    case "hashes": hashes += traffic.BytesSent; break;
                    case "pages": pages += traffic.BytesSent; break;
                    default: other += traffic.BytesSent; break;
                }
            }
        }
        return new ReplicationBytes(log, hashes, pages, other);
    }
}
