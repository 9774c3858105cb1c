namespace Plover.Simulation;

/// <summary>The outcome of a run of many seeds.</summary>
public sealed record CampaignResult(int Passed, int Failed, IReadOnlyList<SimulationResult> Failures, TimeSpan Elapsed, long Events)
{
    public string Summary => $"{Passed} passed, {Failed} failed";
}

/// <summary>
/// Runs a range of seeds, optionally each twice to prove the run is a function of the seed (the two
/// traces must hash the same). Seeds run in parallel; each one is still single-threaded.
/// </summary>
public static class SeedCampaign
{
    public static CampaignResult Run(
        ulong seedStart,
        int count,
        Func<ulong, SimulationOptions> optionsForSeed,
        bool checkReplay,
        int parallelism,
        Action<SimulationResult>? onFailure = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var failures = new System.Collections.Concurrent.ConcurrentBag<SimulationResult>();
        long events = 0;
        var gate = new object();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i =>
        {
            ulong seed = seedStart + (ulong)i;
            SimulationResult result = RunSeed(seed, optionsForSeed(seed), checkReplay);
            Interlocked.Add(ref events, result.Events);
            if (result.Passed) return;
            failures.Add(result);
            if (onFailure is not null) lock (gate) onFailure(result);
        });
        List<SimulationResult> failed = failures.OrderBy(f => f.Seed).ToList();
        return new CampaignResult(count - failed.Count, failed.Count, failed, started.Elapsed, events);
    }

    /// <summary>One seed; with <paramref name="checkReplay"/>, a second run must produce the identical trace.</summary>
    public static SimulationResult RunSeed(ulong seed, SimulationOptions options, bool checkReplay)
    {
        SimulationResult first = new Simulation(seed, options).Run();
        if (!checkReplay || !first.Passed) return first;
        SimulationResult second = new Simulation(seed, options).Run();
        if (second.TraceHash == first.TraceHash && second.Events == first.Events && second.Passed) return first;
        return first with
        {
            Passed = false,
            Violation = $"replay diverged: first run {first.Events} events, trace {first.TraceHash:X16}; second run {second.Events} events, trace {second.TraceHash:X16}" +
                        (second.Passed ? "" : $"; second run failed: {second.Violation}"),
        };
    }
}
