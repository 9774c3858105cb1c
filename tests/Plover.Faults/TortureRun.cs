using System.Diagnostics;
using System.Net;
using Plover.Linearizability;

namespace Plover.Faults;

/// <summary>
/// The end-to-end fault test: three real nodes, recording clients, and the seeded fault schedule
/// for the given duration; then every fault lifted, every key read back, and the closing checks
/// (linearizable, acknowledged writes present, digests equal, no node died on its own, the cluster
/// recovered after every fault, the status endpoint refuses requests without its token).
/// </summary>
public sealed class TortureRun(TortureOptions options, TextWriter log)
{
    private static readonly TimeSpan FinalReadsMax = TimeSpan.FromSeconds(60);

    public async Task<TortureReport> RunAsync(CancellationToken cancellation = default)
    {
        var report = new TortureReport(options.Seed);
        string work = options.WorkDirectory ?? Directory.CreateTempSubdirectory("plover-torture-").FullName;
        Directory.CreateDirectory(work);
        report.WorkDirectory = work;
        using (NodeNetwork network = NodeNetwork.Create(log))
        {
            report.LinkCutsSkipped = network.LinkCutsUnavailable;
            await using var cluster = new FaultCluster(network, work, options.GuestPath, options.NodeCommand);
            await RunOnAsync(cluster, report, cancellation);
        }
        if (report.AllPassed && options.WorkDirectory is null) TryDelete(work);
        return report;
    }

    private async Task RunOnAsync(FaultCluster cluster, TortureReport report, CancellationToken cancellation)
    {
        log.WriteLine($"seed {options.Seed}: starting three nodes in {cluster.WorkDirectory}");
        cluster.StartAll();
        if (await cluster.WaitForPrimaryAsync(options.StartMax, cancellation) is not { } primary)
        {
            report.Add(new CheckResult("cluster started", false, $"no primary served within {options.StartMax.TotalSeconds:F0} s\n{Tails(cluster)}"));
            return;
        }
        log.WriteLine($"node {primary} serves as primary; clients start");
        var random = new FaultPrng(options.Seed);
        var workload = new KvWorkload(cluster);
        using var stopClients = new CancellationTokenSource();
        Task clients = workload.RunAsync(options.Clients, random.Fork(0xC11E), stopClients.Token);
        List<string> unrecovered = await InjectFaultsAsync(cluster, workload, report, cancellation);
        await LiftEverythingAsync(cluster);
        await stopClients.CancelAsync();
        await clients;
        log.WriteLine("faults over; reading every key back");
        IReadOnlyDictionary<string, KvResult?> finals = await workload.ReadEveryKeyAsync(FinalReadsMax);
        report.Add(await Convergence.CheckAsync(cluster, options.ConvergenceMax));
        IReadOnlyList<KvOperation> history = workload.Recorder.History();
        report.Operations = history.Count;
        report.OperationsIndeterminate = history.Count(o => o.IsIndeterminate);
        report.Add(CheckLinearizable(history));
        report.Add(AcknowledgedWrites.Check(history, finals));
        report.Add(new CheckResult("recovered after every fault", unrecovered.Count == 0,
            unrecovered.Count == 0 ? $"a primary served within {options.RecoveryMax.TotalSeconds:F0} s after each fault" : string.Join("; ", unrecovered)));
        report.Add(CheckNoNodeDied(cluster));
        if (cluster.Network is NamespaceNetwork) report.Add(await StatusTokenCheckAsync(cluster));
    }

    private async Task<List<string>> InjectFaultsAsync(FaultCluster cluster, KvWorkload workload, TortureReport report, CancellationToken cancellation)
    {
        var schedule = new FaultSchedule(options.Seed, cluster.Network.LinkCutsUnavailable is null);
        var injector = new FaultInjector(cluster, report, log);
        var unrecovered = new List<string>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < options.Duration && !cancellation.IsCancellationRequested)
        {
            Fault fault = schedule.Next();
            log.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1} s] {fault}  ({workload.Recorder.Count} operations so far)");
            await injector.ApplyAsync(fault, cancellation);
            cluster.StartAll(); // a node that died on its own is restarted (and reported at the end)
            var recovery = Stopwatch.StartNew();
            bool served = await cluster.WaitForPrimaryAsync(options.RecoveryMax, cancellation) is not null;
            report.Recoveries.Add(served ? recovery.Elapsed : null);
            if (!served)
            {
                unrecovered.Add($"no primary within {options.RecoveryMax.TotalSeconds:F0} s after {fault} (seed {options.Seed})");
                log.WriteLine($"  NO PRIMARY within {options.RecoveryMax.TotalSeconds:F0} s\n{Tails(cluster)}");
            }
            else log.WriteLine($"  served again after {recovery.ElapsedMilliseconds} ms");
            await Task.Delay(fault.GapMs, cancellation);
        }
        return unrecovered;
    }

    private static async Task LiftEverythingAsync(FaultCluster cluster)
    {
        foreach (uint a in FaultCluster.NodeIds)
        {
            cluster.Resume(a);
            foreach (uint b in FaultCluster.NodeIds) if (a < b) cluster.Heal(a, b);
        }
        cluster.StartAll();
        await cluster.WaitForPrimaryAsync(TimeSpan.FromSeconds(30));
    }

    private static CheckResult CheckLinearizable(IReadOnlyList<KvOperation> history)
    {
        LinearizabilityResult result = KvLinearizability.Check(history);
        string detail = result.IsLinearizable
            ? $"{history.Count} operations in {result.Partitions.Count} key partitions, {result.StatesExplored} configurations explored"
            : result.Explanation;
        return new CheckResult("linearizable", result.IsLinearizable, detail);
    }

    private static CheckResult CheckNoNodeDied(FaultCluster cluster)
    {
        var exits = cluster.UnexpectedExits().ToList();
        return new CheckResult("no node died on its own", exits.Count == 0, exits.Count == 0
            ? "every node exit was a kill by the harness"
            : string.Join("\n", exits.Select(e => $"node {e.Node} exited with code {e.ExitCode}; its output ends:\n{cluster.Tail(e.Node)}")));
    }

    /// <summary>In namespaces the status endpoint listens on a non-loopback address, so it must refuse requests without the token.</summary>
    private static async Task<CheckResult> StatusTokenCheckAsync(FaultCluster cluster)
    {
        try
        {
            HttpStatusCode missing = await cluster.StatusCodeWithTokenAsync(1, null);
            HttpStatusCode wrong = await cluster.StatusCodeWithTokenAsync(1, "not-the-token-at-all-0000");
            HttpStatusCode right = await cluster.StatusCodeWithTokenAsync(1, cluster.Token);
            bool passed = missing == HttpStatusCode.Unauthorized && wrong == HttpStatusCode.Unauthorized && right == HttpStatusCode.OK;
            return new CheckResult("status endpoint needs its token", passed, $"no token: {(int)missing}, wrong token: {(int)wrong}, right token: {(int)right}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new CheckResult("status endpoint needs its token", false, $"node 1's status endpoint did not answer: {e.Message}");
        }
    }

    private static string Tails(FaultCluster cluster) =>
        string.Join("\n", FaultCluster.NodeIds.Select(n => $"--- node {n} ({(cluster.IsRunning(n) ? "running" : "down")}):\n{cluster.Tail(n, 8)}"));

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
