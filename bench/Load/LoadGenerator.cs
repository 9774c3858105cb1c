using System.Net;

namespace Plover.Bench.Load;

/// <summary>
/// The closed-loop RESP load generator: C connections, each keeping P requests in flight, run
/// through prefill, warm-up, a measured window and a drain. Connections run as async socket loops
/// on the thread pool (one socket each), keep their own histogram and error counts, and are merged
/// once at the end.
/// </summary>
public static class LoadGenerator
{
    /// <summary>Reply bytes beyond the value itself: RESP headers, and the nondet guest's stamp and token.</summary>
    public const int ReplyOverheadBytesMax = 128;

    /// <summary>Longest a prefill (writing every key once) may take before the run is abandoned.</summary>
    public static readonly TimeSpan PrefillTimeout = TimeSpan.FromMinutes(5);

    public const string DriverName = "plover";

    /// <summary>Checks a load's settings (all but its endpoints) before any target is started.</summary>
    public static void ValidateSettings(LoadOptions options)
    {
        var encoder = new RequestEncoder(options.Workload);
        options.ValidateSettings(encoder.RequestBytesMax, options.Workload.ValueBytes + ReplyOverheadBytesMax);
    }

    public static async Task<LoadResult> RunAsync(
        LoadOptions options, IMeasurementWindow? window = null, Action<LoadPhase>? onPhase = null, CancellationToken cancellation = default)
    {
        var encoder = new RequestEncoder(options.Workload);
        int replyBytesMax = options.Workload.ValueBytes + ReplyOverheadBytesMax;
        options.Validate(encoder.RequestBytesMax, replyBytesMax);

        var schedule = new LoadSchedule(options.Connections);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var connections = Enumerable.Range(0, options.Connections)
            .Select(i => new LoadConnection(i, options, schedule, encoder, replyBytesMax))
            .ToArray();
        onPhase?.Invoke(LoadPhase.Prefill);
        Task all = Task.WhenAll(connections.Select(c => Task.Run(() => c.RunAsync(abort.Token), CancellationToken.None)));

        (TimeSpan Length, long AllocatedBytes) measured = default;
        try
        {
            await WaitReadyAsync(schedule, options, cancellation);
            schedule.StartLoad();
            onPhase?.Invoke(LoadPhase.Warmup);
            await Task.WhenAny(all, Task.Delay(options.Warmup, cancellation));
            measured = await MeasureAsync(schedule, options.Duration, all, window, onPhase, cancellation);
        }
        finally
        {
            onPhase?.Invoke(LoadPhase.Drain);
            schedule.StopIssuing();
            schedule.StartLoad();
            if (await Task.WhenAny(all, Task.Delay(options.DrainTimeout, CancellationToken.None)) != all) abort.Cancel();
            await all;
        }
        cancellation.ThrowIfCancellationRequested();
        return Merge(connections, measured);
    }

    private static async Task WaitReadyAsync(LoadSchedule schedule, LoadOptions options, CancellationToken cancellation)
    {
        try
        {
            await schedule.AllReady.WaitAsync(PrefillTimeout, cancellation);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"{options.Connections} connection(s) did not connect{(options.Prefill ? $" and write all {options.Workload.Keys} keys" : "")} within {PrefillTimeout}");
        }
    }

    private static async Task<(TimeSpan Length, long AllocatedBytes)> MeasureAsync(
        LoadSchedule schedule, TimeSpan duration, Task all, IMeasurementWindow? window, Action<LoadPhase>? onPhase, CancellationToken cancellation)
    {
        if (window is not null) await window.OpenAsync(cancellation);
        onPhase?.Invoke(LoadPhase.Measure);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long opened = schedule.OpenWindow();
        await Task.WhenAny(all, Task.Delay(duration, cancellation));
        long closed = schedule.CloseWindow();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        if (window is not null) await window.CloseAsync(cancellation);
        cancellation.ThrowIfCancellationRequested();
        return (TimeSpan.FromTicks(LoadSchedule.TicksToNanoseconds(closed - opened) / 100), allocated);
    }

    private static LoadResult Merge(IReadOnlyList<LoadConnection> connections, (TimeSpan Length, long AllocatedBytes) window)
    {
        var histogram = new LatencyHistogram();
        var errors = new LoadErrors();
        long requests = 0;
        foreach (LoadConnection c in connections)
        {
            histogram.Add(c.Histogram);
            errors.Add(c.Errors);
            requests += c.Completed;
        }
        Invariant.Check(histogram.Count == requests, "every counted request has one latency");
        return new LoadResult
        {
            Driver = DriverName,
            Requests = requests,
            Window = window.Length,
            ThroughputOpsPerSecond = requests == 0 ? 0 : requests / window.Length.TotalSeconds,
            ClientAllocatedBytesPerOp = requests == 0 ? null : (double)window.AllocatedBytes / requests,
            Latency = requests == 0 ? null : histogram.Summarize(),
            Errors = errors.Total,
            ErrorSummary = errors.Describe(),
            ErrorSamples = errors.Samples,
        };
    }

    /// <summary>Endpoints on the loopback interface for the given ports (a convenience for targets and tests).</summary>
    public static IReadOnlyList<IPEndPoint> Loopback(params int[] ports) =>
        ports.Select(p => new IPEndPoint(IPAddress.Loopback, p)).ToArray();
}
