namespace Plover.Linearizability;

/// <summary>
/// A set of keys closed under the operations of a history: every operation's keys lie in exactly
/// one partition, and an operation that spans keys (MSET, MGET, DEL of several keys) puts them all
/// in the same one. Linearizability is local (Herlihy and Wing): a history is linearizable if and
/// only if each partition's sub-history is, each partition taken as one object. So partitions are
/// checked separately, and an operation spanning keys is checked on the joint partition.
/// </summary>
public sealed class KeyPartition
{
    private readonly Dictionary<string, int> _slots;

    internal KeyPartition(IReadOnlyList<string> keys, IReadOnlyList<int> operations)
    {
        Keys = keys;
        Operations = operations;
        _slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < keys.Count; i++) _slots.Add(keys[i], i);
    }

    /// <summary>The keys, in ordinal order; a key's index is its slot in <see cref="PartitionState"/>.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Indices into the history of the operations on these keys, ascending.</summary>
    public IReadOnlyList<int> Operations { get; }

    public int SlotOf(string key) =>
        _slots.TryGetValue(key, out int slot) ? slot : throw new KeyNotFoundException($"key {KvCommand.Quote(key)} is not in this partition");

    /// <summary>Splits a history into its key partitions, ordered by their first operation.</summary>
    public static IReadOnlyList<KeyPartition> Split(IReadOnlyList<KvOperation> history)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var parent = new List<int>();
        int IdOf(string key)
        {
            if (ids.TryGetValue(key, out int id)) return id;
            ids.Add(key, parent.Count);
            parent.Add(parent.Count);
            return parent.Count - 1;
        }
        int Root(int id)
        {
            while (parent[id] != id) id = parent[id] = parent[parent[id]];
            return id;
        }
        foreach (KvOperation op in history)
        {
            int first = Root(IdOf(op.Command.Keys[0]));
            foreach (string key in op.Command.Keys.Skip(1))
            {
                int other = Root(IdOf(key));
                if (other != first) parent[Math.Max(other, first)] = Math.Min(other, first);
                first = Math.Min(other, first);
            }
        }
        return Group(history, ids, Root);
    }

    private static List<KeyPartition> Group(IReadOnlyList<KvOperation> history, Dictionary<string, int> ids, Func<int, int> root)
    {
        var operationsByRoot = new Dictionary<int, List<int>>();
        var order = new List<int>();
        for (int i = 0; i < history.Count; i++)
        {
            int r = root(ids[history[i].Command.Keys[0]]);
            if (!operationsByRoot.TryGetValue(r, out List<int>? ops))
            {
                operationsByRoot.Add(r, ops = []);
                order.Add(r);
            }
            ops.Add(i);
        }
        var keysByRoot = new Dictionary<int, List<string>>();
        foreach ((string key, int id) in ids)
        {
            int r = root(id);
            if (!keysByRoot.TryGetValue(r, out List<string>? keys)) keysByRoot.Add(r, keys = []);
            keys.Add(key);
        }
        return order.Select(r =>
        {
            List<string> keys = keysByRoot[r];
            keys.Sort(StringComparer.Ordinal);
            return new KeyPartition(keys, operationsByRoot[r]);
        }).ToList();
    }
}
