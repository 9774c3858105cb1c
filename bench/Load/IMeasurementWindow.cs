namespace Plover.Bench.Load;

/// <summary>
/// Hooks called around the measured interval of a run, so whoever runs the load can take its own
/// readings (CPU time of the server processes, the nodes' replication counters) over the same
/// interval: <see cref="OpenAsync"/> just before the first counted request, <see cref="CloseAsync"/>
/// just after the last one.
/// </summary>
public interface IMeasurementWindow
{
    Task OpenAsync(CancellationToken cancellation);
    Task CloseAsync(CancellationToken cancellation);
}
