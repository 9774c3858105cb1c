using Microsoft.Extensions.Logging;

namespace Plover.Engine.Hosting;

/// <summary>Every message the node host logs.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Critical, Message = "The consensus loop failed and the node must stop")]
    public static partial void ConsensusFatal(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Dropped a consensus message from node {Peer}: {Problem}")]
    public static partial void BadConsensusMessage(ILogger logger, uint peer, string problem);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "A proposal was refused: {Reason}")]
    public static partial void ProposalRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Leadership: {Leadership}")]
    public static partial void Leadership(ILogger logger, string leadership);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Node {Peer} needs slots the log no longer holds: offering it the checkpoint (state transfer)")]
    public static partial void SnapshotRequested(ILogger logger, int peer);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "Node {Node} of cluster {Cluster} started: mode {Mode}, {Nondeterminism}, service {Service}, status {Status}")]
    public static partial void Started(ILogger logger, uint node, string cluster, string mode, string nondeterminism, string service, string status);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Node stopping: {Reason}")]
    public static partial void Stopping(ILogger logger, string reason);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "Dropped a {Kind} message from node {Peer}: {Problem}")]
    public static partial void BadPeerMessage(ILogger logger, string kind, uint peer, string problem);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "The log starts after the stored checkpoint (slot {Checkpoint}): resuming the state transfer of the snapshot at slot {Snapshot} that the previous run did not finish")]
    public static partial void ResumingTransfer(ILogger logger, ulong checkpoint, ulong snapshot);
}
