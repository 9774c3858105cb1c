using System.Net;
using Microsoft.Extensions.Logging;

namespace Plover.Engine.Transport;

/// <summary>Every message the transport logs, in one place so operators can grep by event id.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Node {LocalNode} listens for peers on {Endpoint}")]
    public static partial void Listening(ILogger logger, uint localNode, EndPoint endpoint);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Connected with node {PeerId} ({Direction}, remote {Remote})")]
    public static partial void Connected(ILogger logger, uint peerId, string direction, EndPoint? remote);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Connection with node {PeerId} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, uint peerId, string reason);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "Connection with node {PeerId} closed: {Reason}")]
    public static partial void ConnectionClosedOnShutdown(ILogger logger, uint peerId, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Refused {Direction} connection ({Remote}): {Reason}: {Detail}")]
    public static partial void Refused(ILogger logger, string direction, string remote, PeerRefusalReason reason, string detail);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Cannot connect to node {PeerId} at {Endpoint}: {Error}")]
    public static partial void DialFailed(ILogger logger, uint peerId, EndPoint endpoint, string error);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "Still cannot connect to node {PeerId} at {Endpoint}: {Error}")]
    public static partial void DialStillFailing(ILogger logger, uint peerId, EndPoint endpoint, string error);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Bad frame from node {PeerId} ({Error}), closing the connection: {Detail}")]
    public static partial void BadFrame(ILogger logger, uint peerId, FrameError error, string detail);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "Incoming connection from {Remote} failed before its hello: {Error}")]
    public static partial void AcceptFailed(ILogger logger, string remote, string error);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "{Pending} handshakes already pending; closed the connection from {Remote}")]
    public static partial void TooManyHandshakes(ILogger logger, int pending, string remote);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Accepting peer connections failed, retrying: {Error}")]
    public static partial void AcceptLoopError(ILogger logger, string error);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "Transport task {Name} failed")]
    public static partial void TaskFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "Node {LocalNode} transport stopped")]
    public static partial void Stopped(ILogger logger, uint localNode);
}
