namespace Plover.Faults;

/// <summary>What a fault run does: for how long, from which seed, which guest, how nodes are started, with how many clients.</summary>
public sealed record TortureOptions(TimeSpan Duration, ulong Seed, string GuestPath, IReadOnlyList<string> NodeCommand)
{
    public const int ClientsDefault = 4;

    public int Clients { get; init; } = ClientsDefault;

    /// <summary>Where stores, configs and logs go; a fresh temporary folder when null. Kept when a check fails.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>
    /// How long the cluster may take to serve after a fault is lifted before that counts as a failure.
    /// Generous: without checkpoints a restarted node replays its whole log, so restarts slow down as the log grows.
    /// </summary>
    public TimeSpan RecoveryMax { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan StartMax { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long the replicas may take to agree on state once the faults stop.</summary>
    public TimeSpan ConvergenceMax { get; init; } = TimeSpan.FromSeconds(60);
}
