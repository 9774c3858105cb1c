using Plover.Linearizability;

namespace Plover.Linearizability.Tests;

/// <summary>
/// Generates histories that are linearizable by construction: operations are executed one at a
/// time against the model at increasing linearization points, and each gets an interval around
/// its point (clients stay sequential). Some operations lose their reply (indeterminate), either
/// after taking effect or without ever taking effect. Every SET and MSET writes a value no other
/// write produces, so perturbations can be made that are certainly not linearizable.
/// </summary>
internal sealed class SequentialHistoryGenerator(ulong seed)
{
    private readonly Prng _rng = new(seed);
    private int _nextValue;

    public sealed record Generated(List<KvOperation> History, List<long> Points);

    public Generated Generate(int operations, int clients, int keys, double indeterminate = 0.05, bool countersOnly = false)
    {
        string[] keyNames = Enumerable.Range(0, keys).Select(k => $"k{k}").ToArray();
        var state = keyNames.ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal);
        var busyUntil = new long[clients];
        var history = new List<KvOperation>();
        var points = new List<long>();
        long now = 0;
        for (int i = 0; i < operations; i++)
        {
            now += _rng.Next(1, 4);
            int client = _rng.Next(clients);
            if (busyUntil[client] >= now) now = busyUntil[client] + 1;
            long call = Math.Max(busyUntil[client] + 1, now - _rng.Next(0, 25));
            long @return = now + _rng.Next(0, 25);
            KvCommand command = countersOnly ? new KvCommand.Incr(_rng.Pick(keyNames)) : NextCommand(keyNames);
            bool lost = _rng.Chance(indeterminate);
            bool applied = !lost || _rng.Chance(0.5);
            KvResult result = applied ? Apply(state, command) : KvResult.Ok.Instance;
            history.Add(lost ? KvOperation.Indeterminate(client, call, command) : KvOperation.Completed(client, call, @return, command, result));
            points.Add(now);
            // A client whose reply was lost still waits out its timeout before going on.
            busyUntil[client] = @return;
        }
        return new Generated(history, points);
    }

    private KvCommand NextCommand(string[] keys)
    {
        string key = _rng.Pick(keys);
        return _rng.Next(9) switch
        {
            0 or 1 => new KvCommand.Get(key),
            2 or 3 => new KvCommand.Set(key, $"v{_nextValue++}"),
            4 => new KvCommand.Incr(key),
            5 => new KvCommand.IncrBy(key, _rng.Next(-5, 6)),
            6 => new KvCommand.Del(Distinct(keys, _rng.Next(1, 3))),
            7 => new KvCommand.MGet(Distinct(keys, _rng.Next(1, 4))),
            _ => new KvCommand.MSet(Distinct(keys, _rng.Next(1, 3)).Select(k => (k, $"v{_nextValue++}")).ToArray()),
        };
    }

    private string[] Distinct(string[] keys, int count) =>
        keys.OrderBy(_ => _rng.NextUInt64()).Take(Math.Min(count, keys.Length)).ToArray();

    private static KvResult Apply(Dictionary<string, string?> state, KvCommand command)
    {
        string[] keys = command.Keys.Distinct(StringComparer.Ordinal).ToArray();
        PartitionState before = PartitionState.Empty(keys.Length).With(keys.Select((k, i) => (i, state[k])).ToArray());
        int[] slots = command.Keys.Select(k => Array.IndexOf(keys, k)).ToArray();
        (KvResult result, PartitionState after) = KvModel.Apply(before, command, slots);
        for (int i = 0; i < keys.Length; i++) state[keys[i]] = after[i];
        return result;
    }
}
