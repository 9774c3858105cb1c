namespace Plover.Engine.Execution;

/// <summary>
/// The client connections the log has opened and not closed, in the order they opened. Built only
/// from executed entries, so it is the same on every host; a takeover closes all of them.
/// </summary>
public sealed class ConnectionTable
{
    private readonly SortedSet<ulong> open = [];

    public int Count => open.Count;

    public bool Contains(ulong connection) => open.Contains(connection);

    public void Opened(ulong connection) => open.Add(connection);

    public void Closed(ulong connection) => open.Remove(connection);

    /// <summary>Every open connection, ascending, and forgets them.</summary>
    public IReadOnlyList<ulong> TakeAll()
    {
        ulong[] all = open.ToArray();
        open.Clear();
        return all;
    }

    public IReadOnlyCollection<ulong> All => open;

    public void ReplaceWith(IEnumerable<ulong> connections)
    {
        open.Clear();
        foreach (ulong connection in connections) open.Add(connection);
    }
}
