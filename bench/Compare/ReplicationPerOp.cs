using Plover.Bench.Metrics;

namespace Plover.Bench.Compare;

/// <summary>
/// Bytes the nodes sent one another per client request over a measured interval, by kind, and
/// pages sent per epoch. An unreplicated target has no nodes to send between: zero bytes, and
/// no epochs.
/// </summary>
public sealed record ReplicationPerOp(bool Replicated, double LogBytes, double HashBytes, double PageBytes, double OtherBytes, double? PagesPerEpoch, long Epochs)
{
    public static readonly ReplicationPerOp Unreplicated = new(false, 0, 0, 0, 0, null, 0);

    public double TotalBytes => LogBytes + HashBytes + PageBytes + OtherBytes;

    public static ReplicationPerOp From(ClusterReplication interval, long requests)
    {
        if (requests <= 0) throw new ArgumentOutOfRangeException(nameof(requests), requests, "bytes per request need requests");
        double per = 1.0 / requests;
        return new ReplicationPerOp(true, interval.LogBytes * per, interval.HashBytes * per, interval.PageBytes * per, interval.OtherBytes * per,
            interval.PagesPerEpoch, interval.Epochs);
    }
}
