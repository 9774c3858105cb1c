using Xunit.Abstractions;

namespace Plover.Simulation.Tests;

/// <summary>The named scenarios.</summary>
public class ScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public void Dueling_leaders_under_flapping_partitions_stay_safe_and_converge()
    {
        // Partitions arrive several times per election timeout and last about as long as one:
        // leaders are deposed while still leading, and candidates race each other.
        var flapping = FaultParameters.Calm with
        {
            PartitionsPerSecond = 12,
            PartitionMicrosMax = 400_000,
            DelayMinMicros = 200,
            DelayMaxMicros = 8_000,
            DropRate = 0.02,
            ProposalsPerSecond = 150,
        };
        long leaderChanges = 0, overlapping = 0;
        for (ulong seed = 1; seed <= 12; seed++)
        {
            SimulationResult result = new Simulation(seed, new SimulationOptions { Faults = flapping, SafetyPhaseMicros = 4_000_000 }).Run();
            Assert.True(result.Passed, result.Report());
            Assert.True(result.Stats.Partitions >= 20, result.Report());
            leaderChanges += result.Stats.LeaderChanges;
            overlapping += result.Stats.OverlappingLeaderships;
        }
        output.WriteLine($"{leaderChanges} leader changes, {overlapping} events with overlapping leaders over 12 seeds");
        Assert.True(leaderChanges >= 12 * 3, $"only {leaderChanges} leader changes");
        Assert.True(overlapping > 0, "no two nodes ever claimed leadership at once: the partitions did not make leaders duel");
    }

    [Fact]
    public void Total_power_loss_of_all_three_nodes_at_random_points_loses_no_acknowledged_entry()
    {
        // Every crash takes all three nodes down at once, often in the middle of a persist
        // (which takes up to 2 ms), while the client keeps writing. Survival of every acknowledged
        // entry is checked at each power loss and, at its slot, in the converged log.
        var powerLosses = FaultParameters.Calm with
        {
            CrashesPerSecond = 4,
            TotalPowerLossShare = 1.0,
            RestartMicrosMax = 150_000,
            PersistMicrosMax = 2_000,
            ProposalsPerSecond = 400,
            CheckpointEverySlots = 60,
            RetainSlots = 10,
        };
        long losses = 0, acknowledged = 0;
        for (ulong seed = 1; seed <= 12; seed++)
        {
            SimulationResult result = new Simulation(seed, new SimulationOptions { Faults = powerLosses, SafetyPhaseMicros = 4_000_000 }).Run();
            Assert.True(result.Passed, result.Report());
            losses += result.Stats.TotalPowerLosses;
            acknowledged += result.Stats.ProposalsAcknowledged;
        }
        output.WriteLine($"{losses} total power losses, {acknowledged} acknowledged entries over 12 seeds");
        Assert.True(losses >= 12 * 5, $"only {losses} total power losses");
        Assert.True(acknowledged >= 1_000, $"only {acknowledged} acknowledged entries were put at risk");
    }

    [Fact]
    public void A_node_that_loses_its_disk_is_rebuilt_from_its_peers_and_votes_again_losing_nothing()
    {
        // Every crash destroys the crashed node's disk (one at a time): it restarts empty and must
        // not vote until a leader has caught it up and promoted it, while writes keep flowing.
        var diskLosses = FaultParameters.Calm with
        {
            CrashesPerSecond = 3,
            DiskLossShare = 1.0,
            RestartMicrosMax = 200_000,
            DropRate = 0.02,
            DelayMaxMicros = 5_000,
            ProposalsPerSecond = 300,
            CheckpointEverySlots = 80,
            RetainSlots = 20,
        };
        long losses = 0, promotions = 0;
        for (ulong seed = 1; seed <= 12; seed++)
        {
            SimulationResult result = new Simulation(seed, new SimulationOptions { Faults = diskLosses, SafetyPhaseMicros = 4_000_000 }).Run();
            Assert.True(result.Passed, result.Report());
            Assert.Equal(result.Stats.DiskLosses, result.Stats.Promotions);
            losses += result.Stats.DiskLosses;
            promotions += result.Stats.Promotions;
        }
        output.WriteLine($"{losses} disks lost, {promotions} rebuilt nodes promoted over 12 seeds");
        Assert.True(losses >= 12 * 3, $"only {losses} disks lost");
    }

    [Fact]
    public void A_replica_down_while_100000_entries_commit_and_the_log_is_truncated_catches_up_to_an_identical_log()
    {
        const int Entries = 100_000;
        const int Burst = 250;
        var script = new List<ScriptStep> { new(100_000, "crash n3", c => c.Crash(3)) };
        for (int i = 0; i < Entries / Burst; i++)
            script.Add(new ScriptStep(150_000 + i * 2_000, $"burst {i}", c => c.ProposeBurst(Burst)));
        // Back while the last quarter of the writes still flows: a snapshot first, then entries.
        script.Add(new ScriptStep(800_000, "restart n3", c => c.Restart(3)));
        var options = new SimulationOptions
        {
            Faults = FaultParameters.Calm with { ProposalsPerSecond = 0, CheckpointEverySlots = 1_000, RetainSlots = 200 },
            SafetyPhaseMicros = 1_500_000,
            Script = script,
            ConfigureNode = config => config with
            {
                BatchEntriesMax = 32,
                AcceptSlotsMax = 32,
                InflightSlotsMax = 512,
                PipelineSlotsMax = 512,
                FollowerAheadSlotsMax = 2_048,
                CommittedSlotsPerReadyMax = 1_024,
                ProposalsQueuedMax = 4_096,
            },
        };

        SimulationResult result = new Simulation(1, options).Run();
        output.WriteLine(result.Report());
        foreach (ReplicaSummary replica in result.Replicas) output.WriteLine(replica.ToString());

        Assert.True(result.Passed, result.Report());
        Assert.True(result.Stats.ProposalsAcknowledged >= Entries, result.Report());
        ReplicaSummary lagging = result.Replicas[2];
        Assert.True(lagging.SnapshotsInstalled >= 1, "the lagging replica should have needed a snapshot");
        Assert.True(lagging.FirstSlot > 1, "the lagging replica's log should start after the snapshot");
        Assert.True(lagging.FirstSlot < lagging.CommitSlot, "after the snapshot the lagging replica should have caught up by entries too");
        Assert.All(result.Replicas, r => Assert.Equal(result.Replicas[0].ExecutedEntries, r.ExecutedEntries));
        Assert.All(result.Replicas, r => Assert.Equal(result.Replicas[0].CommitSlot, r.CommitSlot));
        Assert.True(result.Replicas[0].ExecutedEntries >= Entries);
    }
}
