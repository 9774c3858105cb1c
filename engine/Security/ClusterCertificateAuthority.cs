using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Plover.Engine.Security;

/// <summary>
/// The cluster CA: a self-signed, long-lived ECDSA P-256 certificate that signs node certificates.
/// Each node certificate names its node as the SAN URI plover://&lt;cluster-id&gt;/node/&lt;n&gt; plus
/// DNS or IP SANs for the node's addresses. The CA signs whatever identity it is asked to, so one
/// CA may serve several clusters; peers are told apart by the identity in their certificates.
/// </summary>
public sealed class ClusterCertificateAuthority : IDisposable
{
    private const int SerialNumberBytes = 16;

    internal ClusterCertificateAuthority(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException("a CA needs its private key to issue certificates", nameof(certificate));
        Certificate = certificate;
    }

    /// <summary>The CA certificate, with its private key attached.</summary>
    public X509Certificate2 Certificate { get; }

    public static ClusterCertificateAuthority Create(string clusterId, DateTimeOffset now)
    {
        if (!NodeIdentity.IsValidClusterId(clusterId))
            throw new ArgumentException($"cluster id '{clusterId}' is not valid", nameof(clusterId));
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN=Plover cluster CA {clusterId}, O=Plover"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        DateTimeOffset notBefore = now.AddMinutes(-CertificateLifetimes.ClockSkewAllowanceMinutes);
        X509Certificate2 certificate = request.CreateSelfSigned(notBefore, now.AddDays(CertificateLifetimes.AuthorityValidityDays));
        return new ClusterCertificateAuthority(certificate);
    }

    /// <summary>
    /// Issues a certificate for <paramref name="identity"/>, valid for TLS server and client use.
    /// Each host name that parses as an IP address becomes an IP SAN, any other a DNS SAN.
    /// </summary>
    public NodeCredentials IssueNode(NodeIdentity identity, IEnumerable<string> hostNames, DateTimeOffset now)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName($"CN=plover node {identity.NodeId}, OU={identity.ClusterId}, O=Plover");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(CertificateVerifier.ServerAuthenticationOid), new Oid(CertificateVerifier.ClientAuthenticationOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        request.CertificateExtensions.Add(BuildAlternativeNames(identity, hostNames));

        // A certificate may not outlive its issuer, nor start before it.
        DateTimeOffset notBefore = Max(now.AddMinutes(-CertificateLifetimes.ClockSkewAllowanceMinutes), Certificate.NotBefore.ToUniversalTime());
        DateTimeOffset notAfter = Min(now.AddDays(CertificateLifetimes.NodeValidityDays), Certificate.NotAfter.ToUniversalTime());
        if (notAfter <= notBefore)
            throw new CertificateException(CertificateError.Expired, $"the cluster CA ({Certificate.Subject}) is not valid at {now:u}");
        using X509Certificate2 unkeyed = request.Create(Certificate, notBefore, notAfter, NewSerialNumber());
        X509Certificate2 certificate = unkeyed.CopyWithPrivateKey(key);
        return new NodeCredentials(identity, certificate, X509CertificateLoader.LoadCertificate(Certificate.RawData));
    }

    private static X509Extension BuildAlternativeNames(NodeIdentity identity, IEnumerable<string> hostNames)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(identity.ToUri());
        foreach (string host in hostNames)
        {
            if (IPAddress.TryParse(host, out IPAddress? address)) names.AddIpAddress(address);
            else names.AddDnsName(host);
        }
        return names.Build();
    }

    private static byte[] NewSerialNumber()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(SerialNumberBytes);
        // DER integers are signed: clear the top bit so the serial is positive, set the next so it is never zero.
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public void Dispose() => Certificate.Dispose();
}
