using System.Net.Sockets;

namespace Plover.Cli.Run;

/// <summary>What the socket side tells the guest thread: a new client, a readable client, a finished send.</summary>
internal readonly record struct ServerEvent(ServerEventKind Kind, Socket? Accepted = null, ClientConnection? Connection = null);

internal enum ServerEventKind
{
    Accepted,
    Readable,
    SendCompleted,
}
