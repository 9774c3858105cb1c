namespace Plover.Linearizability;

/// <summary>
/// Bounds on one key partition's search, so that a check always ends: past either, the partition
/// is reported inconclusive. A configuration is a (set of linearized operations, state) pair; its
/// memory grows with the partition's operation count (one bit each).
/// </summary>
public sealed record SearchLimits(long StatesMax = 2_000_000, long MemoryBytesMax = 512L * 1024 * 1024)
{
    public static readonly SearchLimits Default = new();
}
