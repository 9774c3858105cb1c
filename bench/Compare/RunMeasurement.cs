using Plover.Bench.Load;

namespace Plover.Bench.Compare;

/// <summary>Everything one run of one mode measured.</summary>
public sealed record RunMeasurement(
    int Run,
    long Requests,
    double WindowSeconds,
    double ThroughputOpsPerSecond,
    LatencySummary Latency,
    double ServerCpuSecondsPerOp,
    double? ClientCpuSecondsPerOp,
    double? ClientAllocatedBytesPerOp,
    ReplicationPerOp Replication);
