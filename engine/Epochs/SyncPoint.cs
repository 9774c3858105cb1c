namespace Plover.Engine.Epochs;

/// <summary>
/// The last epoch at which this host's guest state was made equal to its primary's (as a backup) or
/// held by a backup too (as primary), with the digest it then had. Epoch 0 means never, since start.
/// A new primary takes over from whichever reachable host has the highest.
/// </summary>
public readonly record struct SyncPoint(ulong Epoch, ulong Digest)
{
    public static readonly SyncPoint Never = new(0, 0);

    public override string ToString() => Epoch == 0 ? "never" : $"epoch {Epoch} ({Digest:x16})";
}
