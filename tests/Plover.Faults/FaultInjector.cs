namespace Plover.Faults;

/// <summary>Applies one scheduled fault to the cluster, holds it, lifts it, and counts what it did.</summary>
internal sealed class FaultInjector(FaultCluster cluster, TortureReport report, TextWriter log)
{
    private static readonly TimeSpan FindPrimaryMax = TimeSpan.FromSeconds(5);

    public async Task ApplyAsync(Fault fault, CancellationToken cancellation)
    {
        report.Faults[fault.Kind] = report.Faults.GetValueOrDefault(fault.Kind) + 1;
        TimeSpan hold = TimeSpan.FromMilliseconds(fault.HoldMs);
        switch (fault.Kind)
        {
            case FaultKind.KillNode:
                await KillAndRestartAsync(fault.Node, hold, cancellation);
                break;
            case FaultKind.KillPrimary:
                uint? primary = await cluster.WaitForPrimaryAsync(FindPrimaryMax, cancellation);
                log.WriteLine(primary is null ? $"  no primary serves: killing node {fault.Node} instead" : $"  the primary is node {primary}");
                await KillAndRestartAsync(primary ?? fault.Node, hold, cancellation);
                break;
            case FaultKind.PauseNode:
                cluster.Pause(fault.Node);
                await Task.Delay(hold, cancellation);
                cluster.Resume(fault.Node);
                break;
            case FaultKind.CutLink:
                cluster.Cut(fault.Node, fault.OtherNode);
                await Task.Delay(hold, cancellation);
                cluster.Heal(fault.Node, fault.OtherNode);
                break;
            case FaultKind.KillAll:
                foreach (uint node in FaultCluster.NodeIds) Kill(node);
                await Task.Delay(hold, cancellation);
                cluster.StartAll();
                break;
            default:
                throw new InvalidOperationException($"unknown fault kind {fault.Kind}");
        }
    }

    private async Task KillAndRestartAsync(uint node, TimeSpan hold, CancellationToken cancellation)
    {
        Kill(node);
        await Task.Delay(hold, cancellation);
        cluster.Start(node);
    }

    private void Kill(uint node)
    {
        if (!cluster.IsRunning(node)) return;
        cluster.Kill(node);
        report.NodeKills++;
    }
}
