namespace Plover.Engine.Epochs;

/// <summary>How one peer's sync of an epoch ended, as its primary saw it (or, on a backup, its own).</summary>
public enum SyncResult
{
    /// <summary>The digests were equal: nothing but the digest travelled.</summary>
    Equal,
    /// <summary>Divergent pages (or parts) were sent and applied; the digests are now equal.</summary>
    Repaired,
    /// <summary>The backup reached the epoch after the primary had moved on; it catches up later.</summary>
    Behind,
    /// <summary>No answer in time, frames lost, or the peer's link is down.</summary>
    Missed,
    /// <summary>The epoch's primary was gone (or superseded) when this host reached it.</summary>
    Skipped,
    /// <summary>A pipelined epoch whose digests differed: the backup is repaired at its next epoch.</summary>
    Diverged,
}

/// <summary>One peer's part in an epoch sync.</summary>
public sealed record PeerSync(uint Peer, SyncResult Result, int PagesCompared, int PagesSent, long BytesSent);

/// <summary>
/// What one epoch cost on this host: pages dirtied, compared, identical and sent, bytes sent, the
/// pause of the guest, and how each peer's sync ended. Recorded to the store and shown on /status.
/// </summary>
public sealed record EpochStatistics
{
    public required ulong Epoch { get; init; }

    /// <summary>"primary" or "backup" (for this epoch).</summary>
    public required string Role { get; init; }

    public bool Takeover { get; init; }

    public required int PagesDirtied { get; init; }

    public int PagesCompared { get; init; }

    public int PagesIdentical => PagesCompared - PagesSent;

    /// <summary>Pages this host sent (primary) or received and applied (backup).</summary>
    public int PagesSent { get; init; }

    /// <summary>Bytes of sync messages this host sent for the epoch.</summary>
    public long BytesSent { get; init; }

    /// <summary>Hash lists that travelled (0 when every digest agreed).</summary>
    public int HashListsSent { get; init; }

    /// <summary>How long the guest stood still for the sync.</summary>
    public required long PauseMicroseconds { get; init; }

    public required ulong Digest { get; init; }

    /// <summary>Whether this host's digest equals its primary's after the sync (always true for a primary).</summary>
    public required bool DigestsEqual { get; init; }

    public IReadOnlyList<PeerSync> Peers { get; init; } = [];

    public required long UnixTimeMs { get; init; }
}
