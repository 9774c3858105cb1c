using Plover.Linearizability;

namespace Plover.Linearizability.Tests;

/// <summary>
/// Plants a stale read: a completed GET of key k is made to return the value of a write w0 of k
/// that was overwritten by a completed write w1 of k, where w0 finished before w1 began and w1
/// finished before the GET began. Values are unique per write, so no order explains the read.
/// </summary>
internal static class StaleRead
{
    public static int? TryPlant(List<KvOperation> history)
    {
        for (int g = history.Count - 1; g >= 0; g--)
        {
            if (history[g] is not { Command: KvCommand.Get get, Result: not null } read) continue;
            var writes = history.Where(o => o.Result is KvResult.Ok && WrittenValue(o, get.Key) is not null).ToList();
            foreach (KvOperation w1 in writes.Where(w => w.Return < read.Call))
            {
                KvOperation? w0 = writes.FirstOrDefault(w => w.Return < w1.Call);
                if (w0 is null) continue;
                history[g] = read with { Result = new KvResult.Bulk(WrittenValue(w0, get.Key)) };
                return g;
            }
        }
        return null;
    }

    private static string? WrittenValue(KvOperation op, string key) => op.Command switch
    {
        KvCommand.Set s when s.Key == key => s.Value,
        KvCommand.MSet m => m.Pairs.Where(p => p.Key == key).Select(p => p.Value).FirstOrDefault(),
        _ => null,
    };
}
