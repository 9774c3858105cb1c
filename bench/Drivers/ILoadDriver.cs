using Plover.Bench.Load;
using Plover.Bench.Targets;

namespace Plover.Bench.Drivers;

/// <summary>A client that puts a workload on a started target and measures it: this project's load generator, or redis-benchmark.</summary>
public interface ILoadDriver
{
    /// <summary>"plover" or "redis-benchmark".</summary>
    string Name { get; }

    /// <param name="settings">connections, pipeline, durations and workload (its endpoints are ignored: the target's are used)</param>
    /// <param name="window">called around the measured interval, for CPU and counter readings over the same span</param>
    Task<LoadResult> RunAsync(IBenchTarget target, LoadOptions settings, IMeasurementWindow window, Action<LoadPhase>? onPhase, CancellationToken cancellation);
}
