using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>Applies a whole StatePatch (all its parts) to a guest and reseals it.</summary>
public static class StatePatchApplier
{
    public static EpochSeal Apply(GuestStateTracker state, IReadOnlyList<StatePatch> parts)
    {
        Invariant.Require(parts.Count > 0 && parts[^1].Last, "a patch is applied only once its last part is in");
        StatePatch last = parts[^1];
        if (last.PageCount < state.Hashes.PageCount)
            throw new PatchFormatException(last.Epoch,
                $"the sender's memory has {last.PageCount} pages, fewer than this guest's {state.Hashes.PageCount}: memory cannot shrink, a state transfer is needed");
        IEnumerable<(int, ReadOnlyMemory<byte>)> pages = parts.SelectMany(p => p.Pages).Select(p => ((int)p.Index, p.Data.Memory));
        return state.ApplyPatch(
            (int)last.PageCount, pages,
            last.HasGlobals ? last.Globals.ToByteArray() : null,
            last.HasTable ? last.Table.ToByteArray() : null,
            last.HasOsState ? last.OsState.ToByteArray() : null);
    }
}
