using System.Diagnostics;
using Plover.Bench.Drivers;
using Plover.Bench.Load;
using Plover.Bench.Targets;

namespace Plover.Bench.Compare;

/// <summary>
/// Runs the same workload against each mode in turn, each run on a freshly started target, and
/// collects the measurements. A mode that cannot run is skipped with its reason; a run that fails
/// (the target does not start, the server answers with errors, a process crashes) ends that mode
/// as failed with the reason, and the comparison goes on with the next mode.
/// </summary>
public sealed class CompareRunner(ComparisonOptions options, ITargetCatalog catalog, ILoadDriver driver, ICompareObserver observer)
{
    public async Task<CompareReport> RunAsync(CancellationToken cancellation)
    {
        options.Validate();
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var results = new List<ModeResult>();
        foreach (string mode in options.Modes ?? catalog.DefaultModes)
        {
            TargetAvailability availability = await catalog.ResolveAsync(mode, cancellation);
            if (!availability.Available)
            {
                observer.ModeSkipped(mode, availability.Reason!);
                results.Add(ModeResult.Skipped(mode, availability.Reason!));
                continue;
            }
            results.Add(await RunModeAsync(mode, availability.Create!, cancellation));
        }
        return new CompareReport(options, driver.Name, started, clock.Elapsed, Environment.ProcessorCount, results);
    }

    private async Task<ModeResult> RunModeAsync(string mode, Func<IBenchTarget> create, CancellationToken cancellation)
    {
        var runs = new List<RunMeasurement>();
        string? description = null;
        for (int run = 1; run <= options.Runs; run++)
        {
            observer.RunStarted(mode, run, options.Runs);
            try
            {
                await using IBenchTarget target = create();
                description = target.Description;
                RunMeasurement measurement = await RunOnceAsync(mode, run, target, cancellation);
                runs.Add(measurement);
                observer.RunMeasured(mode, measurement);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested && e is not InvariantViolationException)
            {
                observer.ModeFailed(mode, run, e.Message);
                return new ModeResult(mode, ModeStatus.Failed, $"run {run}: {e.Message}", description, runs);
            }
        }
        return new ModeResult(mode, ModeStatus.Measured, null, description, runs);
    }

    private async Task<RunMeasurement> RunOnceAsync(string mode, int run, IBenchTarget target, CancellationToken cancellation)
    {
        await target.StartAsync(cancellation);
        var probe = new RunProbe(target);
        LoadResult result = await driver.RunAsync(target, options.Load, probe, phase => observer.PhaseChanged(mode, run, phase), cancellation);
        await target.StopAsync(cancellation);
        if (result.Errors > 0)
            throw new BenchRunException(mode, run, $"{result.Errors} error(s): {result.ErrorSummary}; {string.Join("; ", result.ErrorSamples.Take(3))}");
        if (result.Latency is null || result.Requests == 0) throw new BenchRunException(mode, run, "no request completed in the measured window");
        Invariant.Check(probe.Closed, "the driver closed the measurement window");
        return new RunMeasurement(
            run,
            result.Requests,
            result.Window.TotalSeconds,
            result.ThroughputOpsPerSecond,
            result.Latency,
            probe.ServerCpu.TotalSeconds / result.Requests,
            driver is PloverLoadDriver ? probe.ClientCpu.TotalSeconds / result.Requests : null,
            result.ClientAllocatedBytesPerOp,
            probe.Replication is { } replication ? ReplicationPerOp.From(replication, result.Requests) : ReplicationPerOp.Unreplicated);
    }
}
