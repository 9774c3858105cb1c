using Google.Protobuf;
using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>
/// Turns a patch plan into StatePatch frames: pages in order, at most
/// <see cref="PagesPerPartMax"/> per frame (frames are bounded), the parts that differ in the
/// last frame with the sender's digest the receiver must reach.
/// </summary>
public static class StatePatchWriter
{
    /// <summary>1,024 pages make 4 MiB of page data per frame, well under the 16 MiB frame limit.</summary>
    public const int PagesPerPartMax = 1024;

    public static IReadOnlyList<StatePatch> Write(
        ulong epoch, ulong primaryBallot, PatchPlan plan, GuestStateTracker state, EpochSeal seal, ulong logHash,
        IReadOnlyCollection<ulong>? openConnections = null)
    {
        var parts = new List<StatePatch>();
        var current = NewPart(epoch, primaryBallot, 0);
        foreach (int page in plan.Pages)
        {
            if (current.Pages.Count == PagesPerPartMax)
            {
                parts.Add(current);
                current = NewPart(epoch, primaryBallot, (uint)parts.Count);
            }
            current.Pages.Add(new Page { Index = (uint)page, Data = UnsafeByteOperations.UnsafeWrap(state.CopyPage(page)) });
        }
        current.Last = true;
        current.PageCount = (uint)seal.Digest.PageCount;
        current.StateDigest = seal.Digest.Value;
        current.LogHash = logHash;
        if (plan.Globals) current.Globals = UnsafeByteOperations.UnsafeWrap(seal.Globals);
        if (plan.Table) current.Table = UnsafeByteOperations.UnsafeWrap(seal.Table);
        if (plan.OsState) current.OsState = UnsafeByteOperations.UnsafeWrap(seal.OsState);
        if (openConnections is not null) current.OpenConnections.AddRange(openConnections.Order());
        parts.Add(current);
        return parts;
    }

    /// <summary>Bytes the pages of a patch carry (for the statistics).</summary>
    public static long PayloadBytes(IReadOnlyList<StatePatch> parts) => parts.Sum(p => (long)p.CalculateSize());

    private static StatePatch NewPart(ulong epoch, ulong primaryBallot, uint part) =>
        new() { Epoch = epoch, PrimaryBallot = primaryBallot, Part = part };
}
