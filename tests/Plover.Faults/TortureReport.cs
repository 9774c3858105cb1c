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
        foreach (CheckResult check in checks) text.AppendLine(check.ToString());
        if (Failed > 0) text.AppendLine($"reproduce with: ./plover torture --seed {Seed} (logs kept in {WorkDirectory})");
        text.Append($"{Passed} passed, {Failed} failed");
        return text.ToString();
    }
}
