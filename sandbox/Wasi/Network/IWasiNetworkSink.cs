namespace Plover.Sandbox.Wasi.Network;

/// <summary>
/// Where the virtual network's effects go: the embedder's front door (real sockets for
/// <c>plover run --listen</c>) or the replica's output buffer. Called synchronously from inside
/// a WASI call; the spans are valid only for the call, so copy what you keep.
/// </summary>
public interface IWasiNetworkSink
{
    /// <summary>The guest sent <paramref name="bytes"/> on the connection.</summary>
    void Send(ulong connectionId, ReadOnlySpan<byte> bytes);

    /// <summary>The guest will send nothing more on the connection (<c>sock_shutdown</c> WR).</summary>
    void ShutdownSend(ulong connectionId);

    /// <summary>The guest closed the connection (or it was pending when the listener closed).</summary>
    void Close(ulong connectionId);

    /// <summary>
    /// The guest read the connection's unread input down to the low-water mark after a
    /// <see cref="WasiDeliverOutcome.Full"/>: the embedder may deliver from that client again.
    /// </summary>
    void ResumeReceiving(ulong connectionId);
}
