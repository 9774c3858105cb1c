namespace Plover.Sandbox.Wasi.Network;

/// <summary>
/// The embedder drove the virtual network against its contract (a connection id reused while
/// live, bytes after the peer closed, input past the hard bound): a bug outside the guest.
/// </summary>
public sealed class WasiNetworkException(string message) : Exception(message);
