using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Plover.Engine.Security;

namespace Plover.Engine.Transport;

/// <summary>
/// The certificate check of one TLS handshake: the remote certificate must chain to the cluster CA
/// alone and name a node of our cluster. TLS only reports "the callback said no", so the check
/// keeps the reason for the refusal to be logged.
/// </summary>
internal sealed class PeerCertificateCheck
{
    private readonly NodeCredentials local;
    private readonly TimeProvider time;
    private readonly string role;

    public PeerCertificateCheck(NodeCredentials local, TimeProvider time, string role)
    {
        this.local = local;
        this.time = time;
        this.role = role;
    }

    /// <summary>The node the remote certificate speaks for, once it has been accepted.</summary>
    public NodeIdentity? Identity { get; private set; }

    /// <summary>Why the remote certificate was refused, if it was.</summary>
    public PeerRefusedException? Refusal { get; private set; }

    // System.Net.Security's own verdict (policy errors, its chain) is ignored: it trusts the system
    // roots and checks host names, while peers are known by the identity in their certificates.
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
            return Refuse(PeerRefusalReason.NoCertificate, $"the {role} presented no certificate");
        // SslStream hands over an X509Certificate2 it owns; a plain X509Certificate is copied (and the copy disposed).
        using X509Certificate2? copy = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        X509Certificate2 remote = copy ?? (X509Certificate2)certificate;
        CertificateVerdict verdict = CertificateVerifier.VerifyNode(remote, local.Authority, time.GetUtcNow());
        if (verdict.Error is { } error)
            return Refuse(ReasonFor(error), $"the {role}'s certificate: {verdict.Detail}");
        NodeIdentity identity = verdict.Identity!;
        if (identity.ClusterId != local.Identity.ClusterId)
            return Refuse(PeerRefusalReason.OtherCluster,
                $"the {role}'s certificate is for {identity}, we are cluster {local.Identity.ClusterId}");
        Identity = identity;
        return true;
    }

    private bool Refuse(PeerRefusalReason reason, string detail)
    {
        Refusal = new PeerRefusedException(reason, detail);
        return false;
    }

    private static PeerRefusalReason ReasonFor(CertificateError error) => error switch
    {
        CertificateError.NotSignedByAuthority => PeerRefusalReason.UntrustedCertificate,
        CertificateError.Expired or CertificateError.NotYetValid => PeerRefusalReason.CertificateNotValidNow,
        _ => PeerRefusalReason.CertificateWithoutIdentity,
    };
}
