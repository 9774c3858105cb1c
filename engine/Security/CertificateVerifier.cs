using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Plover.Engine.Security;

/// <summary>
/// Verifies node certificates against the cluster CA alone: a custom root trust with only that CA,
/// no system roots, no downloads, no revocation checks, at a time the caller passes in. Used both
/// when a node loads its own certificate and when the transport authenticates a peer.
/// </summary>
public static class CertificateVerifier
{
    internal const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    internal const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    public static CertificateVerdict VerifyNode(X509Certificate2 certificate, X509Certificate2 authority, DateTimeOffset now)
    {
        CertificateVerdict? problem = CheckValidityPeriod(authority, now, "the cluster CA")
            ?? CheckValidityPeriod(certificate, now, "the certificate")
            ?? CheckChain(certificate, authority, now, expectedChainLength: 2)
            ?? CheckPurpose(certificate);
        return problem ?? ReadIdentity(certificate);
    }

    /// <summary>Checks that a certificate can serve as the cluster CA: self-signed, a CA, able to sign certificates, valid now.</summary>
    public static CertificateVerdict VerifyAuthority(X509Certificate2 authority, DateTimeOffset now)
    {
        CertificateVerdict? problem = CheckValidityPeriod(authority, now, "the cluster CA");
        if (problem is not null) return problem;
        var constraints = authority.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault();
        if (constraints is not { CertificateAuthority: true })
            return CertificateVerdict.Reject(CertificateError.NotAnAuthority, $"{authority.Subject} lacks the CA basic constraint");
        var usage = authority.Extensions.OfType<X509KeyUsageExtension>().SingleOrDefault();
        if (usage is null || !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
            return CertificateVerdict.Reject(CertificateError.NotAnAuthority, $"{authority.Subject} may not sign certificates");
        if (!authority.SubjectName.RawData.AsSpan().SequenceEqual(authority.IssuerName.RawData))
            return CertificateVerdict.Reject(CertificateError.NotAnAuthority, $"{authority.Subject} is not self-signed (issuer {authority.Issuer})");
        return CheckChain(authority, authority, now, expectedChainLength: 1) ?? CertificateVerdict.Accept(authority.Subject);
    }

    private static CertificateVerdict? CheckValidityPeriod(X509Certificate2 certificate, DateTimeOffset now, string what)
    {
        DateTimeOffset notBefore = certificate.NotBefore.ToUniversalTime();
        DateTimeOffset notAfter = certificate.NotAfter.ToUniversalTime();
        if (now < notBefore)
            return CertificateVerdict.Reject(CertificateError.NotYetValid, $"{what} ({certificate.Subject}) is valid from {notBefore:u}, it is now {now.UtcDateTime:u}");
        if (now > notAfter)
            return CertificateVerdict.Reject(CertificateError.Expired, $"{what} ({certificate.Subject}) expired at {notAfter:u}, it is now {now.UtcDateTime:u}");
        return null;
    }

    private static CertificateVerdict? CheckChain(X509Certificate2 certificate, X509Certificate2 authority, DateTimeOffset now, int expectedChainLength)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        try
        {
            if (!chain.Build(certificate))
            {
                string statuses = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));
                return CertificateVerdict.Reject(CertificateError.NotSignedByAuthority,
                    $"{certificate.Subject} (issuer {certificate.Issuer}) does not chain to the cluster CA {authority.Subject} (SHA-1 {authority.Thumbprint}): {statuses}");
            }
            X509Certificate2 root = chain.ChainElements[^1].Certificate;
            if (chain.ChainElements.Count != expectedChainLength || !root.RawData.AsSpan().SequenceEqual(authority.RawData))
                return CertificateVerdict.Reject(CertificateError.NotSignedByAuthority,
                    $"{certificate.Subject} is not signed directly by the cluster CA {authority.Subject} (chain of {chain.ChainElements.Count})");
            return null;
        }
        catch (CryptographicException e)
        {
            return CertificateVerdict.Reject(CertificateError.NotSignedByAuthority, $"{certificate.Subject}: chain building failed: {e.Message}");
        }
        finally
        {
            foreach (X509ChainElement element in chain.ChainElements) element.Certificate.Dispose();
        }
    }

    private static CertificateVerdict? CheckPurpose(X509Certificate2 certificate)
    {
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault();
        if (constraints is { CertificateAuthority: true })
            return CertificateVerdict.Reject(CertificateError.WrongPurpose, $"{certificate.Subject} is a CA certificate, not a node certificate");
        var usage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault();
        var oids = usage?.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToHashSet() ?? [];
        if (!oids.Contains(ServerAuthenticationOid) || !oids.Contains(ClientAuthenticationOid))
            return CertificateVerdict.Reject(CertificateError.WrongPurpose,
                $"{certificate.Subject} is not allowed for both TLS server and client authentication");
        return null;
    }

    private static CertificateVerdict ReadIdentity(X509Certificate2 certificate)
    {
        IReadOnlyList<string> uris;
        try
        {
            uris = SubjectAlternativeNames.ReadUris(certificate);
        }
        catch (CryptographicException e)
        {
            return CertificateVerdict.Reject(CertificateError.NoIdentity, $"{certificate.Subject}: {e.Message}");
        }
        var ploverUris = uris.Where(u => u.StartsWith(NodeIdentity.UriScheme + "://", StringComparison.Ordinal)).ToList();
        if (ploverUris.Count != 1)
            return CertificateVerdict.Reject(CertificateError.NoIdentity,
                $"{certificate.Subject} carries {ploverUris.Count} plover:// URIs, expected exactly one");
        if (!NodeIdentity.TryParseUri(ploverUris[0], out NodeIdentity? identity))
            return CertificateVerdict.Reject(CertificateError.NoIdentity, $"{certificate.Subject}: '{ploverUris[0]}' is not plover://<cluster-id>/node/<n>");
        return CertificateVerdict.Accept(identity);
    }
}
