using Plover.Linearizability;

namespace Plover.Faults;

/// <summary>
/// No acknowledged write lost, checked directly on the final reads (the linearizability check sees
/// it too, but this names the key and the numbers): a counter holds at least every acknowledged
/// INCR and at most those plus the ones whose reply never came; a register that was set holds a
/// value some SET wrote.
/// </summary>
public static class AcknowledgedWrites
{
    public static CheckResult Check(IReadOnlyList<KvOperation> history, IReadOnlyDictionary<string, KvResult?> finals)
    {
        var problems = new List<string>();
        int checkedKeys = 0;
        foreach ((string key, KvResult? final) in finals)
        {
            List<KvOperation> incrs = history.Where(o => o.Command is KvCommand.Incr i && i.Key == key).ToList();
            List<KvOperation> sets = history.Where(o => o.Command is KvCommand.Set s && s.Key == key).ToList();
            if (incrs.Count == 0 && sets.Count == 0) continue;
            checkedKeys++;
            if (final is null)
            {
                problems.Add($"{key}: never read back (no node answered)");
                continue;
            }
            if (incrs.Count > 0) CheckCounter(key, incrs, final, problems);
            else CheckRegister(key, sets, final, problems);
        }
        return new CheckResult("acknowledged writes present", problems.Count == 0,
            problems.Count == 0 ? $"{checkedKeys} keys read back, every acknowledged write present" : string.Join("; ", problems.Take(10)));
    }

    private static void CheckCounter(string key, List<KvOperation> incrs, KvResult final, List<string> problems)
    {
        int acknowledged = incrs.Count(o => o.Result is KvResult.Integer);
        int unknown = incrs.Count(o => o.IsIndeterminate);
        long value = final switch
        {
            KvResult.Bulk { Value: null } => 0,
            KvResult.Bulk { Value: { } text } when long.TryParse(text, out long n) => n,
            _ => long.MinValue,
        };
        if (value == long.MinValue) problems.Add($"{key}: final value {final} is not a counter");
        else if (value < acknowledged) problems.Add($"{key}: {acknowledged} INCRs acknowledged but the counter reads {value} (lost {acknowledged - value})");
        else if (value > acknowledged + unknown) problems.Add($"{key}: counter reads {value}, more than {acknowledged} acknowledged + {unknown} unknown INCRs");
    }

    private static void CheckRegister(string key, List<KvOperation> sets, KvResult final, List<string> problems)
    {
        bool anyAcknowledged = sets.Any(o => o.Result is KvResult.Ok);
        if (final is not KvResult.Bulk bulk) problems.Add($"{key}: final read replied {final}");
        else if (bulk.Value is null && anyAcknowledged) problems.Add($"{key}: a SET was acknowledged but the key reads nil");
        else if (bulk.Value is not null && !sets.Any(o => ((KvCommand.Set)o.Command).Value == bulk.Value))
            problems.Add($"{key}: reads \"{bulk.Value}\", which no SET wrote");
    }
}
