namespace Plover.Engine.Transport;

public enum PeerConnectionState
{
    /// <summary>No connection: the peer has not dialled us yet, or we wait before dialling again.</summary>
    Disconnected,
    /// <summary>We are dialling the peer (TCP, TLS, hellos).</summary>
    Connecting,
    /// <summary>Hellos accepted both ways; frames flow.</summary>
    Connected,
}
