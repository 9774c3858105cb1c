namespace Plover.Sandbox.Wasi.Network;

/// <summary>What <see cref="VirtualNetwork.Deliver"/> did with a client's bytes.</summary>
public enum WasiDeliverOutcome
{
    /// <summary>Buffered for the guest to read.</summary>
    Buffered,

    /// <summary>
    /// Buffered, and the connection's unread input is now at or above its high-water mark: stop
    /// reading from this client until <see cref="IWasiNetworkSink.ResumeReceiving"/>.
    /// </summary>
    Full,

    /// <summary>Dropped: the guest closed the connection or shut down its reading side.</summary>
    Discarded,
}
