namespace Plover.Engine.Config;

/// <summary>When epochs end and how long a primary waits for its backups.</summary>
public sealed record EpochSettings
{
    public const int IntervalMsDefault = 50;
    public const int DirtyPagesMaxDefault = 16384;
    public const int SyncWaitMsDefault = 1000;
    public const int StragglerWaitMsDefault = 50;
    public const int RemusIntervalMsDefault = 25;

    /// <summary>An epoch with any activity ends at the latest this long after the previous one.</summary>
    public int IntervalMs { get; init; } = IntervalMsDefault;

    /// <summary>An epoch ends once the guest has dirtied this many 4 KiB pages.</summary>
    public int DirtyPagesMax { get; init; } = DirtyPagesMaxDefault;

    /// <summary>How long a primary waits at an epoch boundary for its first backup; past it, it carries on without releasing.</summary>
    public int SyncWaitMs { get; init; } = SyncWaitMsDefault;

    /// <summary>Once one backup is synced, how much longer the primary waits for the others.</summary>
    public int StragglerWaitMs { get; init; } = StragglerWaitMsDefault;

    /// <summary>Remus: the fixed epoch interval.</summary>
    public int RemusIntervalMs { get; init; } = RemusIntervalMsDefault;

    public RemusTrigger RemusTrigger { get; init; } = RemusTrigger.Interval;
}

/// <summary>Incremental checkpoints of the guest (vsmr), and with them log truncation.</summary>
public sealed record CheckpointSettings
{
    public const int EveryEpochsDefault = 8;
    public const int MinIntervalMsDefault = 1000;

    /// <summary>Checkpoint every this many epochs; 0 turns checkpoints off (and the log then grows without bound).</summary>
    public int EveryEpochs { get; init; } = EveryEpochsDefault;

    /// <summary>
    /// And no sooner than this long after the previous checkpoint: under load epochs end hundreds of
    /// times a second, and a synced write of the changed pages each few milliseconds would cost more
    /// CPU than the replay it saves at a restart (which at most covers this interval of log).
    /// </summary>
    public int MinIntervalMs { get; init; } = MinIntervalMsDefault;
}

/// <summary>The HTTP status endpoint: where it listens (null: turned off) and the bearer token it requires, if any.</summary>
public sealed record StatusSettings(System.Net.IPEndPoint? Listen, string? Token);

/// <summary>Limits on the guest.</summary>
public sealed record GuestLimits
{
    public const int MemoryPagesMaxDefault = 16384;

    /// <summary>Largest linear memory, in 64 KiB wasm pages (16384 = 1 GiB).</summary>
    public int MemoryPagesMax { get; init; } = MemoryPagesMaxDefault;

    /// <summary>Fuel per run, or null for none (a guest looping forever is then never stopped).</summary>
    public long? FuelPerRun { get; init; }
}
