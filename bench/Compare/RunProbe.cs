using Plover.Bench.Load;
using Plover.Bench.Metrics;
using Plover.Bench.Targets;

namespace Plover.Bench.Compare;

/// <summary>
/// Readings taken at both ends of a run's measured window: CPU time of the target's processes and
/// of this process (the client, when the load generator runs in it), and the nodes' replication
/// counters. The differences cover the window plus the few milliseconds the readings take.
/// </summary>
internal sealed class RunProbe(IBenchTarget target) : IMeasurementWindow
{
    private TimeSpan serverCpuStart, clientCpuStart;
    private ClusterReplication? countersStart;

    public TimeSpan ServerCpu { get; private set; }
    public TimeSpan ClientCpu { get; private set; }
    public ClusterReplication? Replication { get; private set; }
    public bool Closed { get; private set; }

    public async Task OpenAsync(CancellationToken cancellation)
    {
        if (target.Replicates) countersStart = await target.ReadReplicationAsync(cancellation);
        clientCpuStart = ProcessCpuTime.Read(Environment.ProcessId);
        serverCpuStart = ProcessCpuTime.Total(target.ProcessIds);
    }

    public async Task CloseAsync(CancellationToken cancellation)
    {
        ServerCpu = ProcessCpuTime.Total(target.ProcessIds) - serverCpuStart;
        ClientCpu = ProcessCpuTime.Read(Environment.ProcessId) - clientCpuStart;
        if (target.Replicates) Replication = (await target.ReadReplicationAsync(cancellation)).Since(countersStart!);
        Invariant.Check(ServerCpu >= TimeSpan.Zero && ClientCpu >= TimeSpan.Zero, "CPU time only grows");
        Closed = true;
    }
}
