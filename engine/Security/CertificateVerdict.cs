namespace Plover.Engine.Security;

/// <summary>The outcome of verifying a certificate: the identity it proves, or why it was refused.</summary>
public sealed record CertificateVerdict
{
    private CertificateVerdict(NodeIdentity? identity, CertificateError? error, string detail)
    {
        Identity = identity;
        Error = error;
        Detail = detail;
    }

    /// <summary>The node the certificate speaks for; set exactly when the certificate is valid.</summary>
    public NodeIdentity? Identity { get; }

    public CertificateError? Error { get; }

    /// <summary>What was wrong, in words (chain status, dates, the identity found), for logs.</summary>
    public string Detail { get; }

    public bool IsValid => Error is null;

    public static CertificateVerdict Accept(NodeIdentity identity) => new(identity, null, identity.ToString());

    public static CertificateVerdict Accept(string detail) => new(null, null, detail);

    public static CertificateVerdict Reject(CertificateError error, string detail) => new(null, error, detail);

    /// <summary>Throws the matching <see cref="CertificateException"/> unless the verdict is valid.</summary>
    public void ThrowIfInvalid(string? path = null)
    {
        if (Error is { } error) throw new CertificateException(error, Detail, path);
    }
}
