namespace Plover.Linearizability.Resp;

/// <summary>A RESP2 reply. Bulk strings are Latin-1 decoded, which maps every byte to one char and back.</summary>
public abstract record RespReply
{
    private RespReply() { }

    public sealed record Status(string Text) : RespReply
    {
        public override string ToString() => Text;
    }

    public sealed record Error(string Message) : RespReply
    {
        public override string ToString() => $"(error) {Message}";
    }

    public sealed record Integer(long Value) : RespReply
    {
        public override string ToString() => $"(integer) {Value}";
    }

    /// <summary>A bulk string, or the nil bulk (<c>$-1</c>) when <see cref="Value"/> is null.</summary>
    public sealed record Bulk(string? Value) : RespReply
    {
        public override string ToString() => Value is null ? "(nil)" : $"\"{Value}\"";
    }

    /// <summary>An array, or the nil array (<c>*-1</c>) when <see cref="Items"/> is null.</summary>
    public sealed record Array(IReadOnlyList<RespReply>? Items) : RespReply
    {
        public override string ToString() => Items is null ? "(nil array)" : "[" + string.Join(", ", Items) + "]";
    }
}
