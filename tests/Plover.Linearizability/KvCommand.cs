namespace Plover.Linearizability;

/// <summary>
/// The input of one key-value operation, with Redis semantics (see <see cref="KvModel"/>).
/// Values are strings; a RESP client maps bytes to strings losslessly with Latin-1.
/// </summary>
public abstract record KvCommand
{
    private KvCommand() { }

    /// <summary>The keys the command reads or writes, in argument order (duplicates kept).</summary>
    public abstract IReadOnlyList<string> Keys { get; }

    /// <summary>The command as RESP arguments, e.g. <c>["SET", "k", "v"]</c>.</summary>
    public abstract IReadOnlyList<string> Arguments { get; }

    public sealed override string ToString() => string.Join(' ', Arguments.Select((a, i) => i == 0 ? a : Quote(a)));

    /// <summary>An argument as redis-cli would take it: bare if it can be, else quoted with escapes.</summary>
    internal static string Quote(string s) =>
        s.Length == 0 || s.Any(c => c is <= ' ' or '"' or '\\' or '\'' or > '~') ? QuoteAlways(s) : s;

    /// <summary>A value in double quotes, with escapes for quotes, backslashes and unprintable characters.</summary>
    internal static string QuoteAlways(string s) =>
        "\"" + string.Concat(s.Select(c => c switch { '"' => "\\\"", '\\' => "\\\\", < ' ' or > '~' => $"\\x{(int)c:x2}", _ => c.ToString() })) + "\"";

    public sealed record Get(string Key) : KvCommand
    {
        public override IReadOnlyList<string> Keys => [Key];
        public override IReadOnlyList<string> Arguments => ["GET", Key];
    }

    public sealed record Set(string Key, string Value) : KvCommand
    {
        public override IReadOnlyList<string> Keys => [Key];
        public override IReadOnlyList<string> Arguments => ["SET", Key, Value];
    }

    /// <summary>DEL with one or more keys: replies with how many existed.</summary>
    public sealed record Del(IReadOnlyList<string> DeletedKeys) : KvCommand
    {
        public Del(params string[] keys) : this((IReadOnlyList<string>)keys) { }
        public override IReadOnlyList<string> Keys => DeletedKeys;
        public override IReadOnlyList<string> Arguments => ["DEL", .. DeletedKeys];
    }

    public sealed record Incr(string Key) : KvCommand
    {
        public override IReadOnlyList<string> Keys => [Key];
        public override IReadOnlyList<string> Arguments => ["INCR", Key];
    }

    public sealed record IncrBy(string Key, long Delta) : KvCommand
    {
        public override IReadOnlyList<string> Keys => [Key];
        public override IReadOnlyList<string> Arguments => ["INCRBY", Key, Delta.ToString(System.Globalization.CultureInfo.InvariantCulture)];
    }

    public sealed record MGet(IReadOnlyList<string> ReadKeys) : KvCommand
    {
        public MGet(params string[] keys) : this((IReadOnlyList<string>)keys) { }
        public override IReadOnlyList<string> Keys => ReadKeys;
        public override IReadOnlyList<string> Arguments => ["MGET", .. ReadKeys];
    }

    public sealed record MSet(IReadOnlyList<KeyValuePair<string, string>> Pairs) : KvCommand
    {
        public MSet(params (string Key, string Value)[] pairs) : this(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)).ToArray()) { }
        public override IReadOnlyList<string> Keys => Pairs.Select(p => p.Key).ToArray();
        public override IReadOnlyList<string> Arguments => ["MSET", .. Pairs.SelectMany(p => new[] { p.Key, p.Value })];
    }
}
