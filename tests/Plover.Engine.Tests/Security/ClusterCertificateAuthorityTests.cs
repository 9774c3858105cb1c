using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Plover.Engine.Security;

namespace Plover.Engine.Tests.Security;

public class ClusterCertificateAuthorityTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Authority_is_a_self_signed_long_lived_P256_CA()
    {
        using var authority = ClusterCertificateAuthority.Create("c1", Now);
        X509Certificate2 certificate = authority.Certificate;
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        using ECDsa? key = certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.True(certificate.NotAfter.ToUniversalTime() > Now.AddYears(20));
        Assert.True(CertificateVerifier.VerifyAuthority(certificate, Now).IsValid);
    }

    [Fact]
    public void Node_certificate_names_its_identity_and_addresses()
    {
        using var authority = ClusterCertificateAuthority.Create("c1", Now);
        using NodeCredentials node = authority.IssueNode(new NodeIdentity("c1", 2), ["node2.example", "10.0.0.2", "::1"], Now);

        var names = node.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["node2.example"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.2"), IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        CertificateVerdict verdict = CertificateVerifier.VerifyNode(node.Certificate, authority.Certificate, Now);
        Assert.True(verdict.IsValid, verdict.Detail);
        Assert.Equal(new NodeIdentity("c1", 2), verdict.Identity);
        Assert.True(node.Verify(Now).IsValid);
        Assert.False(node.Authority.HasPrivateKey);
    }

    [Fact]
    public void Certificate_from_another_authority_is_not_signed_by_ours()
    {
        using var ours = ClusterCertificateAuthority.Create("c1", Now);
        using var theirs = ClusterCertificateAuthority.Create("c1", Now);
        using NodeCredentials node = theirs.IssueNode(new NodeIdentity("c1", 1), ["localhost"], Now);

        CertificateVerdict verdict = CertificateVerifier.VerifyNode(node.Certificate, ours.Certificate, Now);
        Assert.Equal(CertificateError.NotSignedByAuthority, verdict.Error);
        Assert.Null(verdict.Identity);
    }

    [Fact]
    public void Expired_and_not_yet_valid_certificates_are_refused()
    {
        using var authority = ClusterCertificateAuthority.Create("c1", Now);
        using NodeCredentials node = authority.IssueNode(new NodeIdentity("c1", 1), ["localhost"], Now);

        DateTimeOffset afterExpiry = node.Certificate.NotAfter.ToUniversalTime().AddSeconds(1);
        Assert.Equal(CertificateError.Expired, CertificateVerifier.VerifyNode(node.Certificate, authority.Certificate, afterExpiry).Error);
        Assert.Equal(CertificateError.NotYetValid, CertificateVerifier.VerifyNode(node.Certificate, authority.Certificate, Now.AddDays(-1)).Error);
    }

    [Fact]
    public void Authority_certificate_is_not_accepted_as_a_node_certificate()
    {
        using var authority = ClusterCertificateAuthority.Create("c1", Now);
        CertificateVerdict verdict = CertificateVerifier.VerifyNode(authority.Certificate, authority.Certificate, Now);
        Assert.False(verdict.IsValid);
        Assert.Equal(CertificateError.NotSignedByAuthority, verdict.Error);
    }

    [Fact]
    public void Signed_certificate_without_a_plover_uri_has_no_identity()
    {
        using var authority = ClusterCertificateAuthority.Create("c1", Now);
        using X509Certificate2 bare = IssueWithoutIdentity(authority, "https://elsewhere.example/node/1");
        CertificateVerdict verdict = CertificateVerifier.VerifyNode(bare, authority.Certificate, Now);
        Assert.Equal(CertificateError.NoIdentity, verdict.Error);
    }

    [Fact]
    public void Node_certificate_is_not_accepted_as_an_authority()
    {
        using var authority = ClusterCertificateAuthority.Create("c1", Now);
        using NodeCredentials node = authority.IssueNode(new NodeIdentity("c1", 1), ["localhost"], Now);
        Assert.Equal(CertificateError.NotAnAuthority, CertificateVerifier.VerifyAuthority(node.Certificate, Now).Error);
    }

    private static X509Certificate2 IssueWithoutIdentity(ClusterCertificateAuthority authority, string uri)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=no identity", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(uri));
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 unkeyed = request.Create(authority.Certificate, Now, Now.AddDays(1), [1, 2, 3, 4]);
        return unkeyed.CopyWithPrivateKey(key);
    }
}
