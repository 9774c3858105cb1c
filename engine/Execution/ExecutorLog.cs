using Microsoft.Extensions.Logging;

namespace Plover.Engine.Execution;

/// <summary>Every message the executor logs.</summary>
internal static partial class ExecutorLog
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Critical, Message = "The executor failed and the node must stop")]
    public static partial void Fatal(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "The guest stopped at epoch {Epoch} and is no longer served: {Reason}")]
    public static partial void GuestStopped(ILogger logger, string reason, ulong epoch);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Serving as primary from epoch {Epoch} (ballot {Ballot:x}){Pulled}")]
    public static partial void Serving(ILogger logger, ulong epoch, ulong ballot, string pulled);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "The takeover at epoch {Epoch} (ballot {Ballot:x}) gathered no peer state in time; proposing it again")]
    public static partial void TakeoverRetry(ILogger logger, ulong epoch, ulong ballot);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "No longer primary at epoch {Epoch}; dropped {Pending} unreleased outputs")]
    public static partial void SteppedDown(ILogger logger, ulong epoch, int pending);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Epoch {Epoch}: sync with node {Primary} failed ({Result}){Reason}")]
    public static partial void BackupSyncFailed(ILogger logger, ulong epoch, uint primary, string result, string reason);

    [LoggerMessage(EventId = 307, Level = LogLevel.Debug, Message = "Epoch {Epoch} as {Role}: {Dirtied} dirtied, {Compared} compared, {Sent} sent, pause {PauseUs} us")]
    public static partial void Epoch(ILogger logger, ulong epoch, string role, int dirtied, int compared, int sent, long pauseUs);

    [LoggerMessage(EventId = 308, Level = LogLevel.Warning, Message = "Connection {Connection} refused by the guest (backlog or connection limit); the client is closed")]
    public static partial void ConnectionRefused(ILogger logger, ulong connection);
}
