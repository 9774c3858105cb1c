namespace Plover.Engine.Config;

/// <summary>How a cluster replicates its guest.</summary>
public enum ReplicationMode
{
    /// <summary>Every input through the log, every host executes, per-epoch page-hash sync, outputs on a majority's sync.</summary>
    Vsmr,

    /// <summary>No input log: the primary executes, backups apply every dirty page each epoch, outputs after one backup's ack.</summary>
    Remus,

    /// <summary>Every input through the log, every host executes, no state sync, outputs once executed (deterministic guests only).</summary>
    Smr,

    /// <summary>One unreplicated guest per node: outputs at once.</summary>
    None,
}

/// <summary>Where the guest's clocks and randomness come from.</summary>
public enum NondeterminismMode
{
    /// <summary>From the log batch being executed (leader's timestamp and seed): replicas compute the same thing.</summary>
    Deterministic,

    /// <summary>From each host: replicas diverge and the epoch sync repairs them.</summary>
    Passthrough,
}

/// <summary>When a Remus primary ends an epoch.</summary>
public enum RemusTrigger
{
    /// <summary>On a fixed interval (25 ms by default, as Remus ran).</summary>
    Interval,

    /// <summary>On vsmr's triggers (idle with outputs pending, the interval, too many dirty pages), for a like-for-like comparison.</summary>
    Vsmr,
}

/// <summary>The names the config file and the command line use for the enums.</summary>
public static class ModeNames
{
    public static string Of(ReplicationMode mode) => mode.ToString().ToLowerInvariant();

    public static string Of(NondeterminismMode mode) => mode.ToString().ToLowerInvariant();

    public static bool TryParse(string text, out ReplicationMode mode) => TryParseLower(text, out mode);

    public static bool TryParse(string text, out NondeterminismMode mode) => TryParseLower(text, out mode);

    public static bool TryParse(string text, out RemusTrigger trigger) => TryParseLower(text, out trigger);

    private static bool TryParseLower<T>(string text, out T value) where T : struct, Enum
    {
        foreach (T candidate in Enum.GetValues<T>())
        {
            if (candidate.ToString().ToLowerInvariant() == text)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string List<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => v.ToString().ToLowerInvariant()));
}
