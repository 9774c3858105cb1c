using Plover.Engine.Epochs;

namespace Plover.Engine.Checkpoints;

/// <summary>
/// The hash of every page as the previous checkpoint holds it, so the next one writes only the pages
/// whose hash moved. Starts as an empty memory (every page zero) when there is no checkpoint.
/// </summary>
public sealed class CheckpointBaseline
{
    private ulong[] hashes = [];

    public int PageCount { get; private set; }

    /// <summary>Pages of <paramref name="current"/> whose hash differs from the baseline's, ascending.</summary>
    public List<int> ChangedPages(PageHashTable current)
    {
        Invariant.Require(current.PageCount >= PageCount, $"memory only grows (checkpointed {PageCount} pages, now {current.PageCount})");
        var changed = new List<int>();
        for (int page = 0; page < current.PageCount; page++)
        {
            ulong before = page < PageCount ? hashes[page] : PageHashTable.ZeroPageHash;
            if (current[page] != before) changed.Add(page);
        }
        return changed;
    }

    /// <summary>The checkpoint just captured holds <paramref name="current"/>.</summary>
    public void Adopt(PageHashTable current)
    {
        if (hashes.Length < current.PageCount) hashes = new ulong[current.PageCount];
        for (int page = 0; page < current.PageCount; page++) hashes[page] = current[page];
        PageCount = current.PageCount;
    }
}
