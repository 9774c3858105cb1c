using Plover.Engine.Config;
using Plover.Engine.Epochs;

namespace Plover.Engine.Execution;

/// <summary>How the executor of one node behaves.</summary>
public sealed record ExecutorOptions
{
    /// <summary>The executor's thread stack: guest code runs on it, with room for deep guest recursion and host frames.</summary>
    public const int ThreadStackBytes = 64 << 20;

    public required uint Self { get; init; }

    public required ReplicationMode Mode { get; init; }

    public required NondeterminismMode Nondeterminism { get; init; }

    public required EpochSettings Epoch { get; init; }

    public required SyncTimeouts Timeouts { get; init; }

    /// <summary>An EpochEnd requested but not executed after this long is requested again (its proposal may have been lost).</summary>
    public TimeSpan EpochEndRetry => TimeSpan.FromMilliseconds(Math.Max(4 * Epoch.SyncWaitMs, 1000));

    public static SyncTimeouts TimeoutsFrom(EpochSettings epoch) => new(
        TimeSpan.FromMilliseconds(epoch.SyncWaitMs),
        TimeSpan.FromMilliseconds(epoch.StragglerWaitMs),
        TimeSpan.FromMilliseconds(Math.Max(10 * epoch.SyncWaitMs, 5000)));
}
