namespace Plover.Bench.Metrics;

/// <summary>
/// The replication counters of every node of a cluster over one measured interval, and the
/// figures the benchmark reports from them: bytes sent between nodes (all nodes, by kind) and
/// pages sent per epoch (pages sent by any node, over the epochs the most advanced node ended).
/// </summary>
public sealed record ClusterReplication(IReadOnlyList<ReplicationCounters> Nodes)
{
    public long LogBytes => Nodes.Sum(n => n.LogBytes);
    public long HashBytes => Nodes.Sum(n => n.HashBytes);
    public long PageBytes => Nodes.Sum(n => n.PageBytes);
    public long OtherBytes => Nodes.Sum(n => n.OtherBytes);
    public long TotalBytes => Nodes.Sum(n => n.TotalBytes);
    public long Epochs => Nodes.Count == 0 ? 0 : Nodes.Max(n => n.Epochs);
    public long PagesSent => Nodes.Sum(n => n.EpochPagesSent);

    /// <summary>Null when no epoch ended in the interval (e.g. smr, which has none).</summary>
    public double? PagesPerEpoch => Epochs == 0 ? null : (double)PagesSent / Epochs;

    public ClusterReplication Since(ClusterReplication earlier)
    {
        if (earlier.Nodes.Count != Nodes.Count)
            throw new ArgumentException($"{Nodes.Count} nodes now but {earlier.Nodes.Count} before", nameof(earlier));
        return new ClusterReplication(Nodes.Select((n, i) => n.Since(earlier.Nodes[i], $"node {i + 1}")).ToArray());
    }
}
