namespace Plover.Engine.Checkpoints;

/// <summary>
/// A stored checkpoint record failed its checks (checksum, length, range): names the checkpoint and,
/// for a page record, the page. The checkpoint is not used.
/// </summary>
public sealed class CheckpointCorruptionException : Exception
{
    public CheckpointCorruptionException(ulong? checkpoint, int? page, string problem)
        : base($"checkpoint {(checkpoint is { } id ? id.ToString() : "(unknown)")}{(page is { } p ? $" page {p}" : " metadata")}: {problem}")
    {
        Checkpoint = checkpoint;
        Page = page;
        Problem = problem;
    }

    public ulong? Checkpoint { get; }

    /// <summary>The page whose record is bad, or null for the metadata record.</summary>
    public int? Page { get; }

    public string Problem { get; }
}
