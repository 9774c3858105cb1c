namespace Plover.Sandbox.Wasi.Network;

/// <summary>Bounds on the virtual network; every queue and buffer it keeps has one.</summary>
public sealed record WasiNetworkLimits
{
    public const int DefaultPendingConnectionsMax = 128;
    public const int DefaultConnectionsMax = 1024;
    public const int DefaultInputHighWaterBytes = 256 * 1024;
    public const int DefaultInputBytesMax = 16 * 1024 * 1024;

    /// <summary>Connections waiting for <c>sock_accept</c> (the listen backlog).</summary>
    public int PendingConnectionsMax { get; init; } = DefaultPendingConnectionsMax;

    /// <summary>Live connections, pending and accepted together.</summary>
    public int ConnectionsMax { get; init; } = DefaultConnectionsMax;

    /// <summary>Unread input at which <see cref="VirtualNetwork.Deliver"/> reports <see cref="WasiDeliverOutcome.Full"/>.</summary>
    public int InputHighWaterBytes { get; init; } = DefaultInputHighWaterBytes;

    /// <summary>Unread input a connection may never exceed: past it, the embedder ignored back-pressure.</summary>
    public int InputBytesMax { get; init; } = DefaultInputBytesMax;

    /// <summary>Unread input at or below which a paused connection is resumed.</summary>
    public int InputLowWaterBytes => InputHighWaterBytes / 2;

    internal void Validate()
    {
        if (PendingConnectionsMax <= 0 || ConnectionsMax <= 0)
            throw new ArgumentException($"connection limits must be positive (pending {PendingConnectionsMax}, live {ConnectionsMax})");
        if (InputHighWaterBytes <= 0 || InputBytesMax < InputHighWaterBytes)
            throw new ArgumentException($"input limits must satisfy 0 < high water ({InputHighWaterBytes}) <= max ({InputBytesMax})");
    }
}
