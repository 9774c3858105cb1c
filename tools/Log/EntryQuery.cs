namespace Plover.Cli.Log;

/// <summary>Which entries to show: a slot range, an epoch, a connection (all optional, combined with AND), and how many at most.</summary>
public sealed record EntryQuery(SlotRange Slots, ulong? Epoch, ulong? Connection, int Limit)
{
    public const int LimitDefault = 1000;

    public bool Matches(EntryView view) =>
        Slots.Contains(view.Slot)
        && (Epoch is null || view.Epoch == Epoch)
        && (Connection is null || view.Connection == Connection);

    /// <summary>True once no later entry can match (slots and epochs only grow along the log).</summary>
    public bool IsPast(EntryView view) =>
        view.Slot > Slots.To || (Epoch is { } e && view.Epoch is { } current && current > e);

    /// <summary>The matching entries, at most <see cref="Limit"/>; <paramref name="more"/> says whether any were left out.</summary>
    public IReadOnlyList<EntryView> Select(ReadOnlyStore store, StoreMetadata metadata, out bool more)
    {
        if (Epoch is not null && metadata.FirstSlot != 1)
            throw new LogToolException(LogToolError.BadQuery,
                $"--epoch needs the log from slot 1 to count epoch boundaries, but this store's log starts at slot {metadata.FirstSlot} (truncated after a checkpoint)");
        var selected = new List<EntryView>();
        more = false;
        foreach (EntryView view in EntryWalker.Walk(store, metadata, Slots.To))
        {
            if (IsPast(view)) break;
            if (!Matches(view)) continue;
            if (selected.Count == Limit)
            {
                more = true;
                break;
            }
            selected.Add(view);
        }
        return selected;
    }
}
