namespace Plover.Engine.Epochs;

/// <summary>A set of page indexes that grows with memory, iterated in ascending order.</summary>
public sealed class PageSet
{
    private bool[] members = [];
    private readonly List<int> order = [];
    private bool sorted = true;

    public int Count => order.Count;

    public bool Contains(int page) => page < members.Length && members[page];

    public void Add(int page)
    {
        if (Contains(page)) return;
        if (page >= members.Length) Array.Resize(ref members, Math.Max(page + 1, members.Length * 2));
        members[page] = true;
        if (order.Count > 0 && order[^1] > page) sorted = false;
        order.Add(page);
    }

    public void AddRange(IEnumerable<int> pages)
    {
        foreach (int page in pages) Add(page);
    }

    public void Clear()
    {
        foreach (int page in order) members[page] = false;
        order.Clear();
        sorted = true;
    }

    /// <summary>The members, ascending.</summary>
    public IReadOnlyList<int> Ascending()
    {
        if (!sorted)
        {
            order.Sort();
            sorted = true;
        }
        return order;
    }
}
