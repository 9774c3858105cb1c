namespace Plover.Bench.Targets;

/// <summary>How the reference redis-server keeps its data.</summary>
public enum RedisPersistence
{
    /// <summary>Memory only: <c>--save "" --appendonly no</c>.</summary>
    None,
    /// <summary>Every write fsynced to the append-only file before the reply: <c>--appendonly yes --appendfsync always</c>.</summary>
    AppendFsyncAlways,
}
