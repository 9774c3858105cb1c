using Microsoft.Extensions.Logging;

namespace Plover.Engine.Checkpoints;

/// <summary>Every message about checkpoints, restarts from them and state transfers.</summary>
internal static partial class CheckpointLog
{
    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Checkpoint {Id} (slot {Slot}, epoch {Epoch}) durable: {Pages} pages changed, written in {Ms} ms")]
    public static partial void Written(ILogger logger, ulong id, ulong slot, ulong epoch, int pages, long ms);

    [LoggerMessage(EventId = 702, Level = LogLevel.Critical, Message = "Writing checkpoint {Id} failed; the node stops")]
    public static partial void WriteFailed(ILogger logger, ulong id, Exception exception);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Restored checkpoint {Id} (slot {Slot}, epoch {Epoch}, {Pages} stored pages) in {Ms} ms; replaying the log from slot {Next}")]
    public static partial void Restored(ILogger logger, ulong id, ulong slot, ulong epoch, int pages, long ms, ulong next);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Installing the leader's checkpoint at slot {Slot} (epoch {Epoch}) by page transfer from node {From}")]
    public static partial void TransferStarted(ILogger logger, ulong slot, ulong epoch, uint from);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "State transfer of slot {Slot} from node {From} done: {Pages} of {Total} pages received ({Bytes} bytes)")]
    public static partial void TransferDone(ILogger logger, ulong slot, uint from, int pages, int total, long bytes);

    [LoggerMessage(EventId = 707, Level = LogLevel.Information, Message = "Served checkpoint {Id} (slot {Slot}) to node {To}: {Pages} of {Total} pages differed and were sent")]
    public static partial void TransferServed(ILogger logger, ulong id, ulong slot, uint to, int pages, int total);

    [LoggerMessage(EventId = 706, Level = LogLevel.Warning, Message = "State transfer of slot {Slot} from node {From} failed: {Reason}")]
    public static partial void TransferFailed(ILogger logger, ulong slot, uint from, string reason);
}
