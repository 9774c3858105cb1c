namespace Plover.Cli.Run;

/// <summary>
/// Bytes the guest sent on a connection that the client's socket has not taken yet: appended at
/// the tail, sent from the head. One array, compacted or doubled as needed, capped.
/// </summary>
internal sealed class OutputQueue
{
    private const int InitialCapacityBytes = 16 * 1024;

    private byte[] _bytes = [];
    private int _head;
    private int _tail;

    public int Count => _tail - _head;

    public ReadOnlySpan<byte> Pending => _bytes.AsSpan(_head, Count);

    /// <summary>Appends; false (and nothing appended) when the queue would exceed <paramref name="capacityMax"/>.</summary>
    public bool TryAppend(ReadOnlySpan<byte> data, int capacityMax)
    {
        if ((long)Count + data.Length > capacityMax) return false;
        if (_tail + data.Length > _bytes.Length) MakeRoom(data.Length);
        data.CopyTo(_bytes.AsSpan(_tail));
        _tail += data.Length;
        return true;
    }

    public void Consume(int length)
    {
        if (length < 0 || length > Count) throw new ArgumentOutOfRangeException(nameof(length), $"consume {length} of {Count} queued bytes");
        _head += length;
        if (_head == _tail) _head = _tail = 0;
    }

    public void Clear() => _head = _tail = 0;

    private void MakeRoom(int needed)
    {
        int count = Count;
        if (count + needed <= _bytes.Length && _head > 0)
        {
            _bytes.AsSpan(_head, count).CopyTo(_bytes);
        }
        else
        {
            int capacity = Math.Max(InitialCapacityBytes, _bytes.Length);
            while (capacity < count + needed) capacity = checked(capacity * 2);
            var bytes = new byte[capacity];
            _bytes.AsSpan(_head, count).CopyTo(bytes);
            _bytes = bytes;
        }
        _head = 0;
        _tail = count;
    }
}
