namespace Plover.Engine.Transport;

/// <summary>Why a connection with a would-be peer was refused during TLS or the hello exchange.</summary>
public enum PeerRefusalReason
{
    /// <summary>The other side presented no certificate.</summary>
    NoCertificate,
    /// <summary>The certificate does not chain to the cluster CA (another CA, or self-signed).</summary>
    UntrustedCertificate,
    /// <summary>The certificate is expired or not yet valid.</summary>
    CertificateNotValidNow,
    /// <summary>The certificate is signed by the CA but is not a usable node certificate (no identity, wrong purpose).</summary>
    CertificateWithoutIdentity,
    /// <summary>The certificate or the hello names another cluster.</summary>
    OtherCluster,
    /// <summary>The hello names a node other than the certificate, or the node dialled is not the node that answered.</summary>
    NodeIdMismatch,
    /// <summary>The node is not one of our peers (or claims to be us).</summary>
    UnknownNode,
    /// <summary>The hello's protocol version is not ours.</summary>
    VersionMismatch,
    /// <summary>A higher node id dialled a lower one; only the lower id dials.</summary>
    WrongDialDirection,
    /// <summary>The first frame was not a well-formed hello.</summary>
    MalformedHello,
    /// <summary>The TLS handshake failed for a reason other than the certificate (not TLS at all, no TLS 1.3, ...).</summary>
    TlsFailed,
}
