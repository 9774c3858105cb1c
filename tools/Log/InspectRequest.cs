namespace Plover.Cli.Log;

/// <summary>
/// What <c>plover log inspect</c> was asked: the folder, and the view. No selection shows the
/// summary; <see cref="Slots"/>, <see cref="Epoch"/>, <see cref="Connection"/> or
/// <see cref="AllEntries"/> show entries; <see cref="EpochStatistics"/> shows the per-epoch sync
/// statistics (of <see cref="Epoch"/> only, when given).
/// </summary>
public sealed record InspectRequest(
    string Data, string? Slots = null, ulong? Epoch = null, string? Connection = null, bool AllEntries = false,
    bool EpochStatistics = false, int Limit = EntryQuery.LimitDefault, bool Json = false)
{
    public bool ShowsEntries => AllEntries || Slots is not null || Epoch is not null || Connection is not null;

    public EntryQuery ToQuery()
    {
        if (Limit < 1) throw new LogToolException(LogToolError.BadQuery, $"--limit {Limit} must be at least 1");
        return new EntryQuery(Slots is null ? SlotRange.All : SlotRange.Parse(Slots), Epoch,
            Connection is null ? null : ConnectionIdText.Parse(Connection), Limit);
    }
}
