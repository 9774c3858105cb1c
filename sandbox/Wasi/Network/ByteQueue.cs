namespace Plover.Sandbox.Wasi.Network;

/// <summary>
/// A growable ring of bytes: what a client sent that the guest has not read yet. Appends at the
/// tail, reads (with or without consuming) from the head.
/// </summary>
internal sealed class ByteQueue
{
    private const int InitialCapacityBytes = 4096;
    private byte[] _ring = [];
    private int _head;

    public int Count { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        EnsureCapacity(checked(Count + bytes.Length));
        int tail = (_head + Count) % _ring.Length;
        int first = Math.Min(bytes.Length, _ring.Length - tail);
        bytes[..first].CopyTo(_ring.AsSpan(tail));
        bytes[first..].CopyTo(_ring);
        Count += bytes.Length;
    }

    /// <summary>Copies up to <c>destination.Length</c> bytes from <paramref name="offset"/> past the head.</summary>
    public int Peek(int offset, Span<byte> destination)
    {
        Invariant.Require(offset >= 0 && offset <= Count, "peek offset within the queued bytes");
        int length = Math.Min(destination.Length, Count - offset);
        if (length == 0) return 0;
        int start = (_head + offset) % _ring.Length;
        int first = Math.Min(length, _ring.Length - start);
        _ring.AsSpan(start, first).CopyTo(destination);
        _ring.AsSpan(0, length - first).CopyTo(destination[first..]);
        return length;
    }

    public void Consume(int length)
    {
        Invariant.Require(length >= 0 && length <= Count, "consume no more than is queued");
        if (length == 0) return;
        _head = (_head + length) % _ring.Length;
        Count -= length;
        if (Count == 0) _head = 0;
    }

    public void Clear()
    {
        _head = 0;
        Count = 0;
    }

    /// <summary>The queued bytes in order, as one array (for state capture).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Count];
        Peek(0, bytes);
        return bytes;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _ring.Length) return;
        int capacity = Math.Max(InitialCapacityBytes, _ring.Length);
        while (capacity < needed) capacity = checked(capacity * 2);
        var ring = new byte[capacity];
        Peek(0, ring);
        _ring = ring;
        _head = 0;
    }
}
