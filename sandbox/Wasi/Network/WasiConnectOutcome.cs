namespace Plover.Sandbox.Wasi.Network;

/// <summary>What <see cref="VirtualNetwork.Connect"/> did with a new connection.</summary>
public enum WasiConnectOutcome
{
    /// <summary>Queued for <c>sock_accept</c>.</summary>
    Queued,

    /// <summary>Refused: the accept queue is at its limit. The embedder should drop the client.</summary>
    BacklogFull,

    /// <summary>Refused: the library OS has too many live connections.</summary>
    TooManyConnections,

    /// <summary>Refused: there is no listening socket (none configured, or the guest closed it).</summary>
    NotListening,
}
