using Microsoft.Extensions.Logging;

namespace Plover.Engine.FrontDoor;

/// <summary>Every message the front door logs.</summary>
internal static partial class FrontDoorLog
{
    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Accepting a client failed: {Error}")]
    public static partial void AcceptFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 402, Level = LogLevel.Debug, Message = "Client {Connection} ({Remote}) closed: its primary changed ({Binding})")]
    public static partial void SessionDropped(ILogger logger, ulong connection, string remote, string binding);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Node {Peer} forwarded connection {Connection}, which is not its own; dropped")]
    public static partial void ForeignConnection(ILogger logger, uint peer, ulong connection);

    [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "Forwarded client {Connection} of node {Holder} sent more than the log can queue; closed")]
    public static partial void RemoteOverflow(ILogger logger, ulong connection, uint holder);

    [LoggerMessage(EventId = 405, Level = LogLevel.Debug, Message = "Client {Connection} ({Remote}) bound: {Binding}")]
    public static partial void SessionBound(ILogger logger, ulong connection, string remote, string binding);

    [LoggerMessage(EventId = 406, Level = LogLevel.Debug, Message = "Forwarded client {Connection} of node {Holder} refused: this node does not serve ({Leadership}, serving ballot {Serving:x})")]
    public static partial void RemoteRefused(ILogger logger, ulong connection, uint holder, string leadership, ulong serving);

    [LoggerMessage(EventId = 407, Level = LogLevel.Debug, Message = "Client {Connection} closed by its primary, node {Primary}")]
    public static partial void ClosedByPrimary(ILogger logger, ulong connection, uint primary);

    [LoggerMessage(EventId = 408, Level = LogLevel.Warning, Message = "Client {Connection} ({Remote}) closed: its input is stuck at the limit ({Reason})")]
    public static partial void InputStalled(ILogger logger, ulong connection, string remote, string reason);
}
