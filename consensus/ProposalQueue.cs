namespace Plover.Consensus;

/// <summary>Proposals the leader accepted but has not yet placed in a slot, bounded in count.</summary>
internal sealed class ProposalQueue
{
    private readonly Queue<byte[]> _payloads = new();
    private readonly int _countMax;

    public ProposalQueue(int countMax) => _countMax = countMax;

    public int Count => _payloads.Count;

    public bool IsFull => _payloads.Count >= _countMax;

    public void Enqueue(byte[] payload)
    {
        Invariant.Check(!IsFull, "enqueue into a full proposal queue");
        _payloads.Enqueue(payload);
    }

    /// <summary>
    /// Takes the next batch for one slot: at most <paramref name="entriesMax"/> proposals and
    /// <paramref name="bytesMax"/> payload bytes, but always at least one proposal.
    /// </summary>
    public List<byte[]> TakeBatch(int entriesMax, long bytesMax)
    {
        var batch = new List<byte[]>(Math.Min(entriesMax, _payloads.Count));
        long bytes = 0;
        while (_payloads.Count > 0 && batch.Count < entriesMax)
        {
            byte[] next = _payloads.Peek();
            if (batch.Count > 0 && bytes + next.Length > bytesMax) break;
            batch.Add(_payloads.Dequeue());
            bytes += next.Length;
        }
        return batch;
    }

    /// <summary>Empties the queue, returning what it held (proposals dropped on losing leadership).</summary>
    public List<byte[]> Drain()
    {
        var all = new List<byte[]>(_payloads);
        _payloads.Clear();
        return all;
    }
}
