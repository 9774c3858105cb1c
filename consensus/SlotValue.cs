namespace Plover.Consensus;

/// <summary>
/// The value chosen for one log slot: a no-op (a new leader fills holes with them) or a batch of
/// one or more proposals, each an opaque payload. Payload arrays are owned by the value and never
/// mutated after construction.
/// </summary>
public sealed class SlotValue : IEquatable<SlotValue>
{
    public static readonly SlotValue NoOp = new([], isNoOp: true);

    private readonly byte[][] _payloads;

    private SlotValue(byte[][] payloads, bool isNoOp)
    {
        _payloads = payloads;
        IsNoOp = isNoOp;
        long bytes = 0;
        foreach (byte[] payload in payloads) bytes += payload.Length;
        PayloadBytes = bytes;
    }

    /// <summary>A batch of proposals in proposal order; takes ownership of the arrays.</summary>
    public static SlotValue Batch(IReadOnlyList<byte[]> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        if (payloads.Count == 0) throw new ArgumentException("a batch holds at least one payload (use NoOp for none)", nameof(payloads));
        var copy = new byte[payloads.Count][];
        for (int i = 0; i < copy.Length; i++) copy[i] = payloads[i] ?? throw new ArgumentNullException(nameof(payloads), $"payload {i} is null");
        return new SlotValue(copy, isNoOp: false);
    }

    public bool IsNoOp { get; }

    /// <summary>The proposals of the batch, in order; empty for a no-op.</summary>
    public IReadOnlyList<byte[]> Payloads => _payloads;

    /// <summary>The sum of the payload lengths.</summary>
    public long PayloadBytes { get; }

    public bool Equals(SlotValue? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || IsNoOp != other.IsNoOp || _payloads.Length != other._payloads.Length) return false;
        for (int i = 0; i < _payloads.Length; i++)
        {
            if (!_payloads[i].AsSpan().SequenceEqual(other._payloads[i])) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as SlotValue);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IsNoOp);
        foreach (byte[] payload in _payloads) hash.AddBytes(payload);
        return hash.ToHashCode();
    }

    public override string ToString() => IsNoOp ? "no-op" : $"batch of {_payloads.Length} ({PayloadBytes} bytes)";
}
