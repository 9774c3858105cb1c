using System.Net;
using Plover.Bench.Metrics;

namespace Plover.Bench.Targets;

/// <summary>
/// A system under test: started fresh for each run, serving RESP on <see cref="Endpoints"/>,
/// running as <see cref="ProcessIds"/> (whose CPU time the bench charges to it), and, when it
/// replicates, exposing the bytes its nodes send one another.
/// </summary>
public interface IBenchTarget : IAsyncDisposable
{
    /// <summary>The mode name reports use: none, smr, remus, vsmr, redis, redis-aof, kv-native, nondet-native.</summary>
    string Mode { get; }

    /// <summary>One line for the report: what runs, with which settings.</summary>
    string Description { get; }

    /// <summary>Starts the target and returns once it serves.</summary>
    /// <exception cref="TargetStartException">it could not start or does not serve</exception>
    Task StartAsync(CancellationToken cancellation);

    /// <summary>Where clients connect (valid once started); load connections go round-robin over them.</summary>
    IReadOnlyList<IPEndPoint> Endpoints { get; }

    /// <summary>The processes that serve (valid once started).</summary>
    IReadOnlyList<int> ProcessIds { get; }

    /// <summary>Whether the target has nodes that send each other state; if not there is nothing to scrape.</summary>
    bool Replicates { get; }

    /// <summary>Every node's replication counters now (only when <see cref="Replicates"/>).</summary>
    Task<ClusterReplication> ReadReplicationAsync(CancellationToken cancellation);

    /// <summary>Stops the target, failing if it had crashed or does not stop cleanly.</summary>
    /// <exception cref="TargetStopException">it had died, or did not exit cleanly</exception>
    Task StopAsync(CancellationToken cancellation);
}
