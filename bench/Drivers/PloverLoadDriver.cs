using Plover.Bench.Load;
using Plover.Bench.Targets;

namespace Plover.Bench.Drivers;

/// <summary>Drives a target with this project's closed-loop load generator, over all of its endpoints.</summary>
public sealed class PloverLoadDriver : ILoadDriver
{
    public string Name => LoadGenerator.DriverName;

    public Task<LoadResult> RunAsync(IBenchTarget target, LoadOptions settings, IMeasurementWindow window, Action<LoadPhase>? onPhase, CancellationToken cancellation) =>
        LoadGenerator.RunAsync(settings with { Endpoints = target.Endpoints }, window, onPhase, cancellation);
}
