using Plover.Consensus;

namespace Plover.Simulation;

/// <summary>
/// The fault mix of one seed, drawn from the seed itself so that seeds range from calm to stormy
/// and each fault class is sometimes off entirely. Printed with every failure.
/// </summary>
public sealed record FaultParameters
{
    public double DropRate { get; init; }
    public double DuplicateRate { get; init; }
    public long DelayMinMicros { get; init; }
    /// <summary>Delays are uniform in [min, max]; a wide range reorders messages.</summary>
    public long DelayMaxMicros { get; init; }
    public double PartitionsPerSecond { get; init; }
    public long PartitionMicrosMax { get; init; }
    public double CrashesPerSecond { get; init; }
    /// <summary>Share of crash arrivals that take every node down at the same instant (total power loss).</summary>
    public double TotalPowerLossShare { get; init; }
    /// <summary>Share of single-node crashes that also lose the node's disk: it restarts empty and is rebuilt from its peers.</summary>
    public double DiskLossShare { get; init; }
    public long RestartMicrosMax { get; init; }
    public double PausesPerSecond { get; init; }
    public long PauseMicrosMax { get; init; }
    /// <summary>How long a persist (write plus fsync) takes, uniform in [0, max]: a crash inside it loses the write.</summary>
    public long PersistMicrosMax { get; init; }
    /// <summary>Each node's tick runs this much fast or slow at most (clock drift).</summary>
    public double ClockSkew { get; init; }
    public double ProposalsPerSecond { get; init; }
    /// <summary>Hosts checkpoint every so many applied slots and drop the log below, keeping <see cref="RetainSlots"/>.</summary>
    public int CheckpointEverySlots { get; init; }
    public int RetainSlots { get; init; }

    /// <summary>A fault mix drawn from <paramref name="random"/>.</summary>
    public static FaultParameters Draw(DeterministicRandom random)
    {
        double Maybe(double probabilityOn, double max) => random.Chance(probabilityOn) ? random.NextDouble() * max : 0;
        long delayMin = random.NextInRange(50, 2_000);
        return new FaultParameters
        {
            DropRate = Maybe(0.7, 0.25),
            DuplicateRate = Maybe(0.5, 0.15),
            DelayMinMicros = delayMin,
            DelayMaxMicros = delayMin + (random.Chance(0.7) ? random.NextInRange(0, 40_000) : 0),
            PartitionsPerSecond = Maybe(0.7, 3.0),
            PartitionMicrosMax = random.NextInRange(50_000, 1_500_000),
            CrashesPerSecond = Maybe(0.7, 2.0),
            TotalPowerLossShare = Maybe(0.5, 0.4),
            DiskLossShare = Maybe(0.4, 0.5),
            RestartMicrosMax = random.NextInRange(10_000, 1_000_000),
            PausesPerSecond = Maybe(0.5, 2.0),
            PauseMicrosMax = random.NextInRange(5_000, 500_000),
            PersistMicrosMax = random.NextInRange(0, 3_000),
            ClockSkew = Maybe(0.5, 0.2),
            ProposalsPerSecond = random.NextInRange(20, 400),
            CheckpointEverySlots = (int)random.NextInRange(20, 400),
            RetainSlots = (int)random.NextInRange(0, 100),
        };
    }

    /// <summary>No faults at all (the liveness phase's network, or a scenario that adds its own).</summary>
    public static FaultParameters Calm { get; } = new()
    {
        DelayMinMicros = 100,
        DelayMaxMicros = 1_000,
        PersistMicrosMax = 500,
        ProposalsPerSecond = 200,
        CheckpointEverySlots = 200,
        RetainSlots = 50,
    };

    public override string ToString() =>
        $"drop {DropRate:P1}, duplicate {DuplicateRate:P1}, delay {DelayMinMicros / 1000.0:F2}..{DelayMaxMicros / 1000.0:F2} ms, " +
        $"partitions {PartitionsPerSecond:F2}/s up to {PartitionMicrosMax / 1000} ms, crashes {CrashesPerSecond:F2}/s ({TotalPowerLossShare:P0} total power losses, {DiskLossShare:P0} disk losses) restart within {RestartMicrosMax / 1000} ms, " +
        $"pauses {PausesPerSecond:F2}/s up to {PauseMicrosMax / 1000} ms, persist up to {PersistMicrosMax / 1000.0:F2} ms, clock skew {ClockSkew:P1}, " +
        $"{ProposalsPerSecond:F0} proposals/s, checkpoint every {CheckpointEverySlots} slots keeping {RetainSlots}";
}
