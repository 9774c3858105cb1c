namespace Plover.Engine.Epochs;

/// <summary>
/// The pages (and parts) a primary must send a backup so the backup's state equals its own, and how
/// many pages it compared to find them.
/// </summary>
public sealed record PatchPlan(IReadOnlyList<int> Pages, int PagesCompared, bool Globals, bool Table, bool OsState)
{
    /// <summary>
    /// Compares, over the union of the primary's dirty pages since the baseline and the backup's
    /// reported ones, the backup's hash of each page (reported, or else unchanged since the sync)
    /// with the primary's current hash. With <paramref name="allPages"/> (no baseline) the backup
    /// reported every page it has, and every page of either side is compared.
    /// </summary>
    public static PatchPlan Diff(
        PageHashTable primary, SyncBaseline? baseline, IReadOnlyDictionary<int, ulong> reported, bool allPages,
        StateDigest primaryDigest, StateDigest backupDigest)
    {
        Invariant.Require(allPages || baseline is not null, "a dirty-page diff needs a shared baseline");
        var candidates = new PageSet();
        if (allPages)
        {
            for (int page = 0; page < primary.PageCount; page++) candidates.Add(page);
        }
        else
        {
            candidates.AddRange(baseline!.PagesDirtiedSince);
        }
        foreach (int page in reported.Keys) candidates.Add(page);
        var send = new List<int>();
        foreach (int page in candidates.Ascending())
        {
            if (page >= primary.PageCount) continue; // the backup cannot have more memory than the primary: it is replaced wholesale by growth
            ulong backupHash = reported.TryGetValue(page, out ulong hash) ? hash
                : allPages ? PageHashTable.ZeroPageHash
                : baseline!.HashAtSync(page, primary);
            if (backupHash != primary[page]) send.Add(page);
        }
        return new PatchPlan(send, candidates.Count,
            Globals: primaryDigest.Globals != backupDigest.Globals,
            Table: primaryDigest.Table != backupDigest.Table,
            OsState: primaryDigest.OsState != backupDigest.OsState);
    }

    /// <summary>For a pull (or Remus): every listed page, and every part.</summary>
    public static PatchPlan Everything(IReadOnlyList<int> pages) => new(pages, pages.Count, true, true, true);
}
