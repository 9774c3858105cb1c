namespace Plover.Sandbox.Wasi.Descriptors;

/// <summary>
/// The guest's descriptor numbers. A new descriptor takes the lowest free number, as POSIX does;
/// so the numbering follows from which numbers are in use and needs no state of its own.
/// </summary>
internal sealed class DescriptorTable(int descriptorsMax)
{
    private readonly List<Descriptor?> _slots = [];

    public int DescriptorsMax { get; } = descriptorsMax;

    public int Count { get; private set; }

    public bool TryGet(int fd, out Descriptor descriptor)
    {
        descriptor = null!;
        if (fd < 0 || fd >= _slots.Count || _slots[fd] is not { } found) return false;
        descriptor = found;
        return true;
    }

    /// <summary>Places the descriptor at the lowest free number; -1 when the table is full.</summary>
    public int Allocate(Descriptor descriptor)
    {
        if (Count >= DescriptorsMax) return -1;
        int fd = _slots.IndexOf(null);
        if (fd < 0)
        {
            fd = _slots.Count;
            _slots.Add(null);
        }
        Place(fd, descriptor);
        return fd;
    }

    /// <summary>Puts the descriptor at <paramref name="fd"/>, which must be free.</summary>
    public void Place(int fd, Descriptor descriptor)
    {
        Invariant.Require(fd >= 0 && fd < DescriptorsMax, $"descriptor number {fd} is within [0, {DescriptorsMax})");
        while (_slots.Count <= fd) _slots.Add(null);
        Invariant.Require(_slots[fd] is null, $"fd {fd} is free before it is placed");
        _slots[fd] = descriptor;
        Count++;
    }

    public Descriptor Remove(int fd)
    {
        Invariant.Require(TryGet(fd, out Descriptor descriptor), $"fd {fd} is open before it is removed");
        _slots[fd] = null;
        Count--;
        return descriptor;
    }

    /// <summary>Every open descriptor, by increasing number.</summary>
    public IEnumerable<(int Fd, Descriptor Descriptor)> InOrder()
    {
        for (int fd = 0; fd < _slots.Count; fd++)
            if (_slots[fd] is { } descriptor) yield return (fd, descriptor);
    }

    public void Clear()
    {
        _slots.Clear();
        Count = 0;
    }
}
