namespace Plover.Engine.Security;

/// <summary>Why a certificate, or a certificate file, was not accepted.</summary>
public enum CertificateError
{
    /// <summary>A certificate or key file is not where it should be.</summary>
    MissingFile,
    /// <summary>A file is not a PEM certificate or PEM private key of the expected kind.</summary>
    MalformedPem,
    /// <summary>The private key does not belong to the certificate next to it.</summary>
    KeyMismatch,
    /// <summary>The private key file can be read by users other than its owner.</summary>
    KeyFileTooOpen,
    /// <summary>The certificate does not chain to the cluster CA (another CA, or tampered).</summary>
    NotSignedByAuthority,
    /// <summary>The certificate (or its CA) is past its NotAfter date.</summary>
    Expired,
    /// <summary>The certificate (or its CA) is before its NotBefore date.</summary>
    NotYetValid,
    /// <summary>The certificate meant as a CA is not a self-signed certificate with the CA basic constraint.</summary>
    NotAnAuthority,
    /// <summary>A node certificate lacks the server and client authentication purposes.</summary>
    WrongPurpose,
    /// <summary>A node certificate carries no single, well-formed plover:// identity URI.</summary>
    NoIdentity,
    /// <summary>The certificate's identity is not the node or cluster it was loaded for.</summary>
    IdentityMismatch,
}
