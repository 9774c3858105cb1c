using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>
/// A Remus primary's side of the replication: at each epoch it sends every backup every page
/// dirtied since that backup's last acknowledged epoch (all of them when it has none), with
/// globals, table, library OS state and the open connections, and carries on executing; outputs of
/// an epoch go out once a backup acknowledges it. No hashes travel: backups do not execute.
/// </summary>
public sealed class RemusPrimary
{
    /// <summary>Epochs of dirty-page lists kept for backups that lag; one further behind gets every page.</summary>
    public const int HistoryEpochsMax = 4096;

    private readonly ISyncLink link;
    private readonly GuestStateTracker state;
    private readonly Dictionary<uint, ulong> acked;
    private readonly LinkedList<(ulong Epoch, IReadOnlyList<int> Pages, ulong Digest)> history = new();

    /// <param name="syncedAtTakeover">The backups whose state equals this primary's at <paramref name="takeoverEpoch"/>.</param>
    public RemusPrimary(ulong ballot, ulong takeoverEpoch, IEnumerable<uint> syncedAtTakeover, ISyncLink link, GuestStateTracker state)
    {
        Ballot = ballot;
        this.link = link;
        this.state = state;
        acked = link.Peers.ToDictionary(p => p, _ => 0UL);
        foreach (uint peer in syncedAtTakeover) acked[peer] = takeoverEpoch;
        HighestAckedEpoch = takeoverEpoch;
        LastEpoch = takeoverEpoch;
    }

    public ulong Ballot { get; }

    public ulong LastEpoch { get; private set; }

    public ulong HighestAckedEpoch { get; private set; }

    /// <summary>Ships epoch <paramref name="epoch"/> (sealed in <paramref name="seal"/>) to every backup.</summary>
    public EpochStatistics Ship(ulong epoch, EpochSeal seal, ulong logHash, IReadOnlyCollection<ulong> openConnections, long pauseMicroseconds, long unixTimeMs)
    {
        Invariant.Require(epoch > LastEpoch, $"Remus epochs move forward ({epoch} after {LastEpoch})");
        LastEpoch = epoch;
        history.AddLast((epoch, seal.DirtyPages, seal.Digest.Value));
        while (history.Count > HistoryEpochsMax) history.RemoveFirst();
        var peers = new List<PeerSync>();
        foreach (uint peer in link.Peers) peers.Add(ShipTo(peer, epoch, seal, logHash, openConnections));
        TrimHistory();
        return new EpochStatistics
        {
            Epoch = epoch,
            Role = "primary",
            PagesDirtied = seal.DirtyPages.Count,
            PagesCompared = 0,
            PagesSent = peers.Sum(p => p.PagesSent),
            BytesSent = peers.Sum(p => p.BytesSent),
            PauseMicroseconds = pauseMicroseconds,
            Digest = seal.Digest.Value,
            DigestsEqual = true,
            Peers = peers,
            UnixTimeMs = unixTimeMs,
        };
    }

    private PeerSync ShipTo(uint peer, ulong epoch, EpochSeal seal, ulong logHash, IReadOnlyCollection<ulong> openConnections)
    {
        if (!link.IsConnected(peer)) return new PeerSync(peer, SyncResult.Missed, 0, 0, 0);
        IReadOnlyList<int> pages = PagesFor(acked[peer]);
        IReadOnlyList<StatePatch> parts = StatePatchWriter.Write(epoch, Ballot, PatchPlan.Everything(pages), state, seal, logHash, openConnections);
        long bytes = 0;
        foreach (StatePatch part in parts)
        {
            Envelope message = SyncMessages.Wrap(part);
            if (!link.Send(peer, message)) return new PeerSync(peer, SyncResult.Missed, 0, 0, bytes);
            bytes += message.CalculateSize();
        }
        return new PeerSync(peer, SyncResult.Repaired, 0, pages.Count, bytes);
    }

    /// <summary>Every page dirtied in the epochs after <paramref name="ackedEpoch"/>, or every page when the history does not reach back that far.</summary>
    private IReadOnlyList<int> PagesFor(ulong ackedEpoch)
    {
        bool covered = ackedEpoch != 0 && history.First is { } first && first.Value.Epoch <= ackedEpoch + 1;
        if (!covered) return Enumerable.Range(0, state.Hashes.PageCount).ToArray();
        var pages = new PageSet();
        foreach ((ulong epoch, IReadOnlyList<int> dirty, _) in history)
            if (epoch > ackedEpoch) pages.AddRange(dirty);
        return pages.Ascending().ToArray();
    }

    private void TrimHistory()
    {
        ulong oldestNeeded = acked.Values.Where(a => a != 0).DefaultIfEmpty(0UL).Min();
        while (history.First is { } first && oldestNeeded != 0 && first.Value.Epoch <= oldestNeeded) history.RemoveFirst();
    }

    /// <summary>A backup holds <paramref name="ack"/>'s epoch; the digest must be the one shipped.</summary>
    public void OnAck(uint from, EpochAck ack)
    {
        if (ack.PrimaryBallot != Ballot || !acked.TryGetValue(from, out ulong before) || ack.Epoch <= before || ack.Epoch > LastEpoch) return;
        foreach ((ulong epoch, _, ulong digest) in history)
        {
            if (epoch == ack.Epoch)
                Invariant.Require(digest == ack.StateDigest, $"backup {from} acknowledged epoch {ack.Epoch} with digest {ack.StateDigest:x16}, the primary shipped {digest:x16}");
        }
        acked[from] = ack.Epoch;
        if (ack.Epoch > HighestAckedEpoch) HighestAckedEpoch = ack.Epoch;
    }
}
