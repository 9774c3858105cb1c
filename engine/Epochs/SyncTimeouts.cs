namespace Plover.Engine.Epochs;

/// <summary>How long the two sides of an epoch sync wait for each other.</summary>
/// <param name="FirstBackup">A primary waits this long for its first backup to sync; then it carries on without releasing.</param>
/// <param name="Stragglers">Once one backup synced (or, at a takeover, answered), how much longer it waits for the others.</param>
/// <param name="PrimaryAnswer">A backup waits this long for its primary's next message before carrying on unsynced.</param>
public sealed record SyncTimeouts(TimeSpan FirstBackup, TimeSpan Stragglers, TimeSpan PrimaryAnswer)
{
    /// <summary>While a round waits without a deadline (a takeover collecting its first answer), it re-checks links this often.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(50);
}
