namespace Plover.Linearizability.Resp;

/// <summary>Maps RESP replies to the checker's <see cref="KvResult"/>s.</summary>
public static class KvReplies
{
    /// <exception cref="RespProtocolException">the reply has no meaning as a key-value result.</exception>
    public static KvResult ToResult(RespReply reply) => reply switch
    {
        RespReply.Status { Text: "OK" } => KvResult.Ok.Instance,
        RespReply.Error e => new KvResult.Error(e.Message),
        RespReply.Integer i => new KvResult.Integer(i.Value),
        RespReply.Bulk b => new KvResult.Bulk(b.Value),
        RespReply.Array { Items: { } items } when items.All(x => x is RespReply.Bulk) =>
            new KvResult.BulkArray(items.Select(x => ((RespReply.Bulk)x).Value).ToArray()),
        _ => throw new RespProtocolException($"reply {reply} is not a key-value result"),
    };
}
