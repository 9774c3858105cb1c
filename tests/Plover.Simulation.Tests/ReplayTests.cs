namespace Plover.Simulation.Tests;

public class ReplayTests
{
    [Fact]
    public void A_seed_replays_to_the_same_trace_and_outcome()
    {
        SimulationResult first = new Simulation(4242).Run();
        SimulationResult second = new Simulation(4242).Run();

        Assert.True(first.Passed, first.Report());
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(first.Events, second.Events);
        Assert.Equal(first.VirtualMicros, second.VirtualMicros);
        Assert.Equal(first.Stats, second.Stats);
    }

    [Fact]
    public void Different_seeds_give_different_runs()
    {
        var hashes = Enumerable.Range(1, 20).Select(seed => new Simulation((ulong)seed).Run().TraceHash).ToHashSet();
        Assert.Equal(20, hashes.Count);
    }

    [Fact]
    public void Verbose_replay_writes_every_event_and_the_failure_report_names_the_seed()
    {
        var output = new StringWriter();
        SimulationResult result = new Simulation(7, new SimulationOptions { Verbose = output }).Run();

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(result.Events, lines.Length);
        Assert.Contains(lines, line => line.Contains("now Leader"));
        string report = (result with { Passed = false, Violation = "example" }).Report();
        Assert.Contains("seed 7", report);
        Assert.Contains(result.Faults.ToString(), report);
        Assert.Contains("violation: example", report);
        Assert.Contains("plover sim --seed 7 --verbose", report);
    }
}
