namespace Plover.Consensus;

/// <summary>
/// The in-memory log of one node: what it accepted for every slot from <see cref="FirstSlot"/> on,
/// with holes where it accepted nothing. Slots below FirstSlot were dropped under a checkpoint.
/// </summary>
internal sealed class ReplicaLog
{
    private readonly List<LogEntry?> _entries = [];
    private ulong _first;

    public ReplicaLog(ulong firstSlot, IEnumerable<LogEntry> entries)
    {
        Invariant.Check(firstSlot >= 1, "the log starts at slot 1 or later");
        _first = firstSlot;
        foreach (LogEntry entry in entries) Put(entry);
    }

    public ulong FirstSlot => _first;

    /// <summary>The highest slot holding an entry, or FirstSlot - 1 when the log is empty.</summary>
    public ulong LastSlot => _first + (ulong)_entries.Count - 1;

    public LogEntry? Get(ulong slot)
    {
        if (slot < _first) return null;
        ulong index = slot - _first;
        return index < (ulong)_entries.Count ? _entries[(int)index] : null;
    }

    /// <summary>Stores (or replaces) the entry of its slot, which must not be below FirstSlot.</summary>
    public void Put(LogEntry entry)
    {
        Invariant.Check(entry.Slot >= _first, "an entry below the first slot of the log");
        ulong index = entry.Slot - _first;
        Invariant.Check(index < int.MaxValue, "log span exceeds the in-memory bound");
        while ((ulong)_entries.Count <= index) _entries.Add(null);
        _entries[(int)index] = entry;
    }

    /// <summary>Drops every slot up to and including <paramref name="slot"/>; the log then starts at slot + 1.</summary>
    public void TruncateThrough(ulong slot)
    {
        if (slot < _first) return;
        ulong drop = slot - _first + 1;
        if (drop >= (ulong)_entries.Count) _entries.Clear();
        else _entries.RemoveRange(0, (int)drop);
        _first = slot + 1;
        TrimTrailingHoles();
    }

    /// <summary>The entries at or above <paramref name="slot"/>, in slot order, skipping holes.</summary>
    public IEnumerable<LogEntry> EntriesFrom(ulong slot)
    {
        ulong start = Math.Max(slot, _first);
        for (ulong s = start; s <= LastSlot && s >= _first; s++)
        {
            if (Get(s) is { } entry) yield return entry;
        }
    }

    private void TrimTrailingHoles()
    {
        while (_entries.Count > 0 && _entries[^1] is null) _entries.RemoveAt(_entries.Count - 1);
    }
}
