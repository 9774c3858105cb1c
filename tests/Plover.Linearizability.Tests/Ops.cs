using Plover.Linearizability;

namespace Plover.Linearizability.Tests;

/// <summary>Short names for writing histories in tests.</summary>
internal static class Ops
{
    public static KvOperation Op(int client, long call, long @return, KvCommand command, KvResult result) =>
        KvOperation.Completed(client, call, @return, command, result);

    public static KvOperation Pending(int client, long call, KvCommand command) => KvOperation.Indeterminate(client, call, command);

    public static KvCommand Get(string key) => new KvCommand.Get(key);
    public static KvCommand Set(string key, string value) => new KvCommand.Set(key, value);
    public static KvCommand Del(params string[] keys) => new KvCommand.Del(keys);
    public static KvCommand Incr(string key) => new KvCommand.Incr(key);
    public static KvCommand IncrBy(string key, long delta) => new KvCommand.IncrBy(key, delta);
    public static KvCommand MGet(params string[] keys) => new KvCommand.MGet(keys);
    public static KvCommand MSet(params (string, string)[] pairs) => new KvCommand.MSet(pairs);

    public static KvResult Ok => KvResult.Ok.Instance;
    public static KvResult Val(string? value) => new KvResult.Bulk(value);
    public static KvResult Nil => new KvResult.Bulk(null);
    public static KvResult Int(long value) => new KvResult.Integer(value);
    public static KvResult Vals(params string?[] values) => new KvResult.BulkArray(values);
    public static KvResult Err(string message) => new KvResult.Error(message);

    public static LinearizabilityResult Check(params KvOperation[] history) => KvLinearizability.Check(history);
}
