namespace Plover.Linearizability;

/// <summary>Rejects histories that are not well formed before any search starts.</summary>
internal static class HistoryValidation
{
    public static void Validate(IReadOnlyList<KvOperation> history)
    {
        for (int i = 0; i < history.Count; i++)
        {
            KvOperation op = history[i] ?? throw new MalformedHistoryException(i, "is null");
            if (op.Command is null) throw new MalformedHistoryException(i, "has no command");
            if (op.Command.Keys.Count == 0) throw new MalformedHistoryException(i, $"{op.Command.GetType().Name} names no key");
            if (op.Command is KvCommand.MSet { Pairs.Count: 0 }) throw new MalformedHistoryException(i, "MSET has no pairs");
            if (op.Return is null != op.Result is null)
                throw new MalformedHistoryException(i, op.Return is null
                    ? "has a result but no return time (an indeterminate operation has neither)"
                    : "has a return time but no result");
            if (op.Return < op.Call) throw new MalformedHistoryException(i, $"returns at {op.Return}, before its call at {op.Call}");
            if (op.Return == long.MaxValue) throw new MalformedHistoryException(i, "returns at long.MaxValue, which stands for 'never' internally");
            if (op.Result is not null && !ShapeFits(op.Command, op.Result))
                throw new MalformedHistoryException(i, $"{op.Command} cannot reply {op.Result}");
        }
    }

    /// <summary>Whether the reply has a form the command can give at all (any command may fail with an error).</summary>
    private static bool ShapeFits(KvCommand command, KvResult result) => result is KvResult.Error || command switch
    {
        KvCommand.Get => result is KvResult.Bulk,
        KvCommand.Set or KvCommand.MSet => result is KvResult.Ok,
        KvCommand.Del or KvCommand.Incr or KvCommand.IncrBy => result is KvResult.Integer,
        KvCommand.MGet m => result is KvResult.BulkArray a && a.Values.Count == m.ReadKeys.Count,
        _ => false,
    };
}
