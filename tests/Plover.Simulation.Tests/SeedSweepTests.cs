namespace Plover.Simulation.Tests;

/// <summary>The bar: a thousand seeds, each run twice with identical traces, and no violation.</summary>
public class SeedSweepTests
{
    private const int Seeds = 1000;

    [Fact]
    public void A_thousand_seeds_each_run_twice_replay_identically_with_no_violation()
    {
        CampaignResult result = SeedCampaign.Run(1, Seeds, _ => new SimulationOptions(), checkReplay: true, Environment.ProcessorCount);

        string reports = string.Join("\n", result.Failures.Take(3).Select(f => f.Report()));
        Assert.True(result.Failed == 0, $"{result.Summary}\n{reports}");
        Assert.Equal(Seeds, result.Passed);
    }

    [Fact]
    public void The_seed_fault_mix_covers_every_fault_class()
    {
        var totals = new SimulationStats();
        long crashes = 0, powerLosses = 0, partitions = 0, pauses = 0, dropped = 0, duplicated = 0, snapshots = 0, overlapping = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            SimulationResult result = new Simulation(seed).Run();
            Assert.True(result.Passed, result.Report());
            crashes += result.Stats.Crashes;
            powerLosses += result.Stats.TotalPowerLosses;
            partitions += result.Stats.Partitions;
            pauses += result.Stats.Pauses;
            dropped += result.Stats.MessagesDropped;
            duplicated += result.Stats.MessagesDuplicated;
            snapshots += result.Stats.SnapshotsInstalled;
            overlapping += result.Stats.OverlappingLeaderships;
        }
        // A sweep that never crashed, cut, paused or truncated would prove little.
        Assert.All(new[] { crashes, powerLosses, partitions, pauses, dropped, duplicated, snapshots, overlapping }, count => Assert.True(count > 0));
    }
}
