namespace Plover.Linearizability;

/// <summary>The observed output of a completed key-value operation (a RESP2 reply).</summary>
public abstract record KvResult
{
    private KvResult() { }

    /// <summary>True if this result is the same reply as <paramref name="other"/>.</summary>
    public abstract bool Matches(KvResult other);

    /// <summary>+OK</summary>
    public sealed record Ok : KvResult
    {
        public static readonly Ok Instance = new();
        public override bool Matches(KvResult other) => other is Ok;
        public override string ToString() => "OK";
    }

    /// <summary>A bulk string, or nil (<c>null</c>) as GET replies for a missing key.</summary>
    public sealed record Bulk(string? Value) : KvResult
    {
        public override bool Matches(KvResult other) => other is Bulk b && string.Equals(b.Value, Value, StringComparison.Ordinal);
        public override string ToString() => Value is null ? "nil" : KvCommand.QuoteAlways(Value);
    }

    public sealed record Integer(long Value) : KvResult
    {
        public override bool Matches(KvResult other) => other is Integer i && i.Value == Value;
        public override string ToString() => $"(integer) {Value}";
    }

    /// <summary>An array of bulk strings or nils, as MGET replies.</summary>
    public sealed record BulkArray(IReadOnlyList<string?> Values) : KvResult
    {
        public override bool Matches(KvResult other) =>
            other is BulkArray a && a.Values.Count == Values.Count &&
            a.Values.Zip(Values).All(p => string.Equals(p.First, p.Second, StringComparison.Ordinal));
        public override string ToString() => "[" + string.Join(", ", Values.Select(v => v is null ? "nil" : KvCommand.QuoteAlways(v))) + "]";
    }

    /// <summary>An error reply (the message without the leading '-'), e.g. "ERR value is not an integer or out of range".</summary>
    public sealed record Error(string Message) : KvResult
    {
        public override bool Matches(KvResult other) => other is Error e && string.Equals(e.Message, Message, StringComparison.Ordinal);
        public override string ToString() => $"(error) {Message}";
    }
}
