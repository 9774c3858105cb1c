using Plover.Linearizability;

namespace Plover.Linearizability.Tests;

/// <summary>
/// The checker against an independent oracle on small random histories (random intervals, random
/// replies): the oracle tries every subset of the indeterminate operations and every order of the
/// chosen operations that respects real time, replaying each against the model.
/// </summary>
public class BruteForceAgreementTests
{
    private static readonly string?[] Values = [null, "a", "b", "1", "2"];

    /// <summary>Lost replies per hundred operations: many lost ones exercise the search's reductions for them.</summary>
    [Theory]
    [InlineData(15)]
    [InlineData(45)]
    public void Checker_agrees_with_exhaustive_search_on_small_histories(int lostPerHundred)
    {
        int linearizable = 0, not = 0;
        for (ulong seed = 1; seed <= 3000; seed++)
        {
            var rng = new Prng(seed * 7919 + (ulong)lostPerHundred);
            List<KvOperation> history = RandomHistory(rng, rng.Next(1, 8), lostPerHundred / 100.0);
            bool expected = BruteForce.IsLinearizable(history);
            LinearizabilityResult result = KvLinearizability.Check(history);
            Assert.True(expected == result.IsLinearizable,
                $"seed {seed}: brute force says {expected}, checker says {result.Verdict}\n{string.Join("\n", history)}\n{result.Explanation}");
            if (expected) linearizable++; else not++;
        }
        // Both verdicts must be well represented, or the agreement means little.
        Assert.InRange(linearizable, 500, 2500);
        Assert.InRange(not, 500, 2500);
    }

    private static List<KvOperation> RandomHistory(Prng rng, int count, double lost)
    {
        string[] keys = rng.Chance(0.5) ? ["x"] : ["x", "y"];
        var history = new List<KvOperation>();
        for (int i = 0; i < count; i++)
        {
            long call = rng.Next(0, 20);
            long @return = call + rng.Next(0, 10);
            string key = rng.Pick(keys);
            (KvCommand command, KvResult result) = rng.Next(6) switch
            {
                0 or 1 => ((KvCommand)new KvCommand.Get(key), (KvResult)new KvResult.Bulk(rng.Pick(Values))),
                2 => (new KvCommand.Set(key, rng.Pick(Values) ?? "a"), KvResult.Ok.Instance),
                3 => (new KvCommand.Incr(key), rng.Chance(0.2) ? new KvResult.Error(KvModel.NotAnInteger) : new KvResult.Integer(rng.Next(1, 4))),
                4 => (new KvCommand.Del(key), new KvResult.Integer(rng.Next(0, 2))),
                _ => keys.Length == 2 && rng.Chance(0.5)
                    ? (new KvCommand.MGet("x", "y"), new KvResult.BulkArray([rng.Pick(Values), rng.Pick(Values)]))
                    : (new KvCommand.MSet(("x", rng.Pick(Values) ?? "b"), (keys[^1], "2")), KvResult.Ok.Instance),
            };
            history.Add(rng.Chance(lost)
                ? KvOperation.Indeterminate(i, call, command)
                : KvOperation.Completed(i, call, @return, command, result));
        }
        return history;
    }
}

/// <summary>The oracle: exhaustive over subsets of indeterminate operations and over orders.</summary>
internal static class BruteForce
{
    public static bool IsLinearizable(IReadOnlyList<KvOperation> history)
    {
        int[] indeterminate = Enumerable.Range(0, history.Count).Where(i => history[i].IsIndeterminate).ToArray();
        int[] completed = Enumerable.Range(0, history.Count).Where(i => !history[i].IsIndeterminate).ToArray();
        for (int mask = 0; mask < 1 << indeterminate.Length; mask++)
        {
            int[] chosen = [.. completed, .. indeterminate.Where((_, b) => (mask & (1 << b)) != 0)];
            if (SomeOrderWorks(history, chosen, [], new Dictionary<string, string?>(StringComparer.Ordinal))) return true;
        }
        return false;
    }

    private static bool SomeOrderWorks(IReadOnlyList<KvOperation> history, int[] remaining, List<int> placed, Dictionary<string, string?> state)
    {
        if (remaining.Length == 0) return true;
        foreach (int next in remaining)
        {
            // `next` may go now only if no remaining operation returned before it was called.
            if (remaining.Any(o => o != next && history[o].Return < history[next].Call)) continue;
            var after = new Dictionary<string, string?>(state, StringComparer.Ordinal);
            KvResult result = Apply(after, history[next].Command);
            if (history[next].Result is { } observed && !result.Matches(observed)) continue;
            placed.Add(next);
            if (SomeOrderWorks(history, remaining.Where(o => o != next).ToArray(), placed, after)) return true;
            placed.RemoveAt(placed.Count - 1);
        }
        return false;
    }

    /// <summary>Redis semantics written out again, independently of <see cref="KvModel"/>.</summary>
    private static KvResult Apply(Dictionary<string, string?> state, KvCommand command)
    {
        string? Read(string k) => state.GetValueOrDefault(k);
        switch (command)
        {
            case KvCommand.Get g: return new KvResult.Bulk(Read(g.Key));
            case KvCommand.Set s: state[s.Key] = s.Value; return KvResult.Ok.Instance;
            case KvCommand.MGet m: return new KvResult.BulkArray(m.ReadKeys.Select(Read).ToArray());
            case KvCommand.MSet m:
                foreach (var p in m.Pairs) state[p.Key] = p.Value;
                return KvResult.Ok.Instance;
            case KvCommand.Del d:
                int n = 0;
                foreach (string k in d.DeletedKeys)
                    if (Read(k) is not null) { state[k] = null; n++; }
                return new KvResult.Integer(n);
            case KvCommand.Incr i:
                string? v = Read(i.Key);
                if (v is not null && !(long.TryParse(v, out long x) && x.ToString() == v)) return new KvResult.Error(KvModel.NotAnInteger);
                long next = (v is null ? 0 : long.Parse(v)) + 1;
                state[i.Key] = next.ToString();
                return new KvResult.Integer(next);
            default: throw new NotSupportedException(command.ToString());
        }
    }
}
