namespace Plover.Linearizability;

/// <summary>
/// The values of one key partition's keys (null: absent), by slot. Immutable: a step makes a new
/// state, so states can be memoized by value during the search.
/// </summary>
public sealed class PartitionState : IEquatable<PartitionState>
{
    private readonly string?[] _values;
    private readonly int _hash;

    private PartitionState(string?[] values)
    {
        _values = values;
        var hash = new HashCode();
        foreach (string? v in values) hash.Add(v is null ? 0 : string.GetHashCode(v, StringComparison.Ordinal));
        _hash = hash.ToHashCode();
    }

    /// <summary>Every key absent, as in a fresh server.</summary>
    public static PartitionState Empty(int keyCount) => new(new string?[keyCount]);

    public int KeyCount => _values.Length;

    public string? this[int slot] => _values[slot];

    /// <summary>A copy with the given slots changed.</summary>
    public PartitionState With(ReadOnlySpan<(int Slot, string? Value)> changes)
    {
        if (changes.IsEmpty) return this;
        var values = (string?[])_values.Clone();
        foreach ((int slot, string? value) in changes) values[slot] = value;
        return new PartitionState(values);
    }

    public bool Equals(PartitionState? other)
    {
        if (other is null || other._hash != _hash || other._values.Length != _values.Length) return false;
        for (int i = 0; i < _values.Length; i++)
            if (!string.Equals(_values[i], other._values[i], StringComparison.Ordinal)) return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is PartitionState s && Equals(s);

    public override int GetHashCode() => _hash;

    /// <summary>Renders as <c>{x="a", y=nil}</c> using the partition's key names.</summary>
    public string Describe(IReadOnlyList<string> keys) =>
        "{" + string.Join(", ", keys.Select((k, i) => $"{KvCommand.Quote(k)}={(_values[i] is { } v ? KvCommand.QuoteAlways(v) : "nil")}")) + "}";
}
