using System.Globalization;

namespace Plover.Linearizability;

/// <summary>
/// The sequential specification: what each command returns and how it changes the keys, as Redis
/// (and Plover's kv guest) define it. Only strings exist, so there is no WRONGTYPE; INCR and
/// INCRBY need a value that reads as a 64-bit integer (Redis's strict rules) and a sum that fits.
/// </summary>
public static class KvModel
{
    public const string NotAnInteger = "ERR value is not an integer or out of range";
    public const string Overflow = "ERR increment or decrement would overflow";

    /// <summary>
    /// Applies <paramref name="command"/> to <paramref name="state"/>; <paramref name="slots"/>[i] is
    /// the state slot of <c>command.Keys[i]</c>. Returns the reply and the state after.
    /// </summary>
    public static (KvResult Result, PartitionState Next) Apply(PartitionState state, KvCommand command, IReadOnlyList<int> slots)
    {
        switch (command)
        {
            case KvCommand.Get:
                return (new KvResult.Bulk(state[slots[0]]), state);
            case KvCommand.Set set:
                return (KvResult.Ok.Instance, state.With([(slots[0], set.Value)]));
            case KvCommand.Del:
                return Delete(state, slots);
            case KvCommand.Incr:
                return Increment(state, slots[0], 1);
            case KvCommand.IncrBy incrBy:
                return Increment(state, slots[0], incrBy.Delta);
            case KvCommand.MGet:
                return (new KvResult.BulkArray(slots.Select(s => state[s]).ToArray()), state);
            case KvCommand.MSet mset:
                var changes = new (int, string?)[mset.Pairs.Count];
                for (int i = 0; i < changes.Length; i++) changes[i] = (slots[i], mset.Pairs[i].Value);
                return (KvResult.Ok.Instance, state.With(changes));
            default:
                throw new ArgumentException($"the model has no semantics for {command.GetType().Name}", nameof(command));
        }
    }

    private static (KvResult, PartitionState) Delete(PartitionState state, IReadOnlyList<int> slots)
    {
        var changes = new List<(int, string?)>();
        var deleted = new HashSet<int>();
        foreach (int slot in slots)
            if (state[slot] is not null && deleted.Add(slot)) changes.Add((slot, null));
        return (new KvResult.Integer(deleted.Count), state.With(changes.ToArray()));
    }

    private static (KvResult, PartitionState) Increment(PartitionState state, int slot, long delta)
    {
        long value = 0;
        if (state[slot] is { } text && !TryParseStrictInt64(text, out value)) return (new KvResult.Error(NotAnInteger), state);
        long sum;
        try { sum = checked(value + delta); }
        catch (OverflowException) { return (new KvResult.Error(Overflow), state); }
        return (new KvResult.Integer(sum), state.With([(slot, sum.ToString(CultureInfo.InvariantCulture))]));
    }

    /// <summary>Redis's string2ll: optional '-', no '+', no spaces, no leading zeros, no "-0".</summary>
    public static bool TryParseStrictInt64(string text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 20) return false;
        if (text == "0") return true;
        int start = text[0] == '-' ? 1 : 0;
        if (start == text.Length || text[start] is < '1' or > '9') return false;
        for (int i = start; i < text.Length; i++)
            if (text[i] is < '0' or > '9') return false;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
