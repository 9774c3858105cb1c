using System.Text;

namespace Plover.Faults;

/// <summary>What a fault run did and found: operations, faults by kind, and every closing check.</summary>
public sealed class TortureReport(ulong seed)
{
    private readonly List<CheckResult> checks = [];

    public ulong Seed { get; } = seed;

    public int Operations { get; set; }

    public int OperationsIndeterminate { get; set; }

    public SortedDictionary<FaultKind, int> Faults { get; } = [];

    /// <summary>Node processes killed with SIGKILL (a kill-all counts three).</summary>
    public int NodeKills { get; set; }

    public string? LinkCutsSkipped { get; set; }

    public string WorkDirectory { get; set; } = "";

    /// <summary>For every fault, how long after it was lifted a primary served again (null: none did within the bound).</summary>
    public List<TimeSpan?> Recoveries { get; } = [];

    public IReadOnlyList<CheckResult> Checks => checks;

    public int Passed => checks.Count(c => c.Passed);

    public int Failed => checks.Count(c => !c.Passed);

    public bool AllPassed => Failed == 0 && checks.Count > 0;

    public void Add(CheckResult check) => checks.Add(check);

    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine($"seed {Seed}: {Operations} operations checked ({OperationsIndeterminate} without a reply)");
        text.AppendLine($"faults: {string.Join(", ", Faults.Select(f => $"{f.Key} {f.Value}"))}; node kills (SIGKILL) {NodeKills}" +
            (LinkCutsSkipped is null ? "" : $"; link cuts skipped: {LinkCutsSkipped}"));
        List<double> served = Recoveries.Where(r => r is not null).Select(r => r!.Value.TotalMilliseconds).Order().ToList();
        if (served.Count > 0)
            text.AppendLine($"served again after a fault (ms): median {served[served.Count / 2]:F0}, 90th percentile {served[(int)(served.Count * 0.9)]:F0}, " +
                $"worst {served[^1]:F0}; {Recoveries.Count(r => r is null)} of {Recoveries.Count} not within the bound");
        foreach (CheckResult check in checks) text.AppendLine(check.ToString());
        if (Failed > 0) text.AppendLine($"reproduce with: ./plover torture --seed {Seed} (logs kept in {WorkDirectory})");
        text.Append($"{Passed} passed, {Failed} failed");
        return text.ToString();
    }
}
