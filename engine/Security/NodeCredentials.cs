using System.Security.Cryptography.X509Certificates;

namespace Plover.Engine.Security;

/// <summary>
/// What a node needs to take part in the cluster's mutual TLS: its identity, its certificate with
/// the private key, and the cluster CA certificate (public part only) it trusts and nothing else.
/// </summary>
public sealed class NodeCredentials : IDisposable
{
    public NodeCredentials(NodeIdentity identity, X509Certificate2 certificate, X509Certificate2 authority)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"the certificate of {identity} has no private key", nameof(certificate));
        if (authority.HasPrivateKey)
            throw new ArgumentException("a node holds the cluster CA's certificate, never its private key", nameof(authority));
        Identity = identity;
        Certificate = certificate;
        Authority = authority;
    }

    public NodeIdentity Identity { get; }

    /// <summary>The node certificate, with its private key attached.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The cluster CA certificate: the only trust anchor for peers.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Verifies the certificate against the CA at <paramref name="now"/> and that it speaks for <see cref="Identity"/>.</summary>
    public CertificateVerdict Verify(DateTimeOffset now)
    {
        CertificateVerdict verdict = CertificateVerifier.VerifyNode(Certificate, Authority, now);
        if (verdict.IsValid && verdict.Identity != Identity)
            return CertificateVerdict.Reject(CertificateError.IdentityMismatch, $"the certificate is for {verdict.Identity}, expected {Identity}");
        return verdict;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Authority.Dispose();
    }
}
