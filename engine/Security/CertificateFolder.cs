using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Plover.Engine.Security;

/// <summary>
/// A folder of PEM files: the cluster CA (<c>ca.crt</c>, and <c>ca.key</c> where certificates are
/// issued) and node certificates (<c>node-N.crt</c>, <c>node-N.key</c>). A host needs only
/// <c>ca.crt</c> and its own node files. Every read verifies what it loads and fails with a
/// <see cref="CertificateException"/> naming the problem and the file.
/// </summary>
public sealed class CertificateFolder
{
    public const string AuthorityCertificateFile = "ca.crt";
    public const string AuthorityKeyFile = "ca.key";

    public CertificateFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string AuthorityCertificatePath => File(AuthorityCertificateFile);

    public string AuthorityKeyPath => File(AuthorityKeyFile);

    public static string NodeCertificateFile(uint nodeId) => $"node-{nodeId}.crt";

    public static string NodeKeyFile(uint nodeId) => $"node-{nodeId}.key";

    public string NodeCertificatePath(uint nodeId) => File(NodeCertificateFile(nodeId));

    public string NodeKeyPath(uint nodeId) => File(NodeKeyFile(nodeId));

    public bool HasAuthority => System.IO.File.Exists(AuthorityCertificatePath);

    public bool HasNode(uint nodeId) => System.IO.File.Exists(NodeCertificatePath(nodeId));

    public void WriteAuthority(ClusterCertificateAuthority authority)
    {
        using ECDsa key = authority.Certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("the CA certificate carries no ECDSA private key", nameof(authority));
        PemFiles.WritePrivate(AuthorityKeyPath, key.ExportPkcs8PrivateKeyPem());
        PemFiles.WritePublic(AuthorityCertificatePath, authority.Certificate.ExportCertificatePem());
    }

    /// <summary>Writes the node's certificate and key, and the CA certificate when the folder has none yet.</summary>
    public void WriteNode(NodeCredentials node)
    {
        using ECDsa key = node.Certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("the node certificate carries no ECDSA private key", nameof(node));
        uint nodeId = node.Identity.NodeId;
        PemFiles.WritePrivate(NodeKeyPath(nodeId), key.ExportPkcs8PrivateKeyPem());
        PemFiles.WritePublic(NodeCertificatePath(nodeId), node.Certificate.ExportCertificatePem());
        if (!HasAuthority) PemFiles.WritePublic(AuthorityCertificatePath, node.Authority.ExportCertificatePem());
    }

    /// <summary>The CA certificate alone (the trust anchor), verified as a valid CA at <paramref name="now"/>.</summary>
    public X509Certificate2 ReadAuthorityCertificate(DateTimeOffset now)
    {
        X509Certificate2 certificate = ReadCertificate(AuthorityCertificatePath);
        try
        {
            CertificateVerifier.VerifyAuthority(certificate, now).ThrowIfInvalid(AuthorityCertificatePath);
            return certificate;
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>The CA with its private key, to issue node certificates.</summary>
    public ClusterCertificateAuthority ReadAuthority(DateTimeOffset now)
    {
        using X509Certificate2 certificate = ReadAuthorityCertificate(now);
        return new ClusterCertificateAuthority(AttachKey(certificate, AuthorityKeyPath));
    }

    /// <summary>
    /// The credentials of node <paramref name="expected"/>: its certificate and key, verified against
    /// this folder's CA at <paramref name="now"/> and checked to speak for exactly that node and cluster.
    /// </summary>
    public NodeCredentials ReadNode(NodeIdentity expected, DateTimeOffset now)
    {
        string certificatePath = NodeCertificatePath(expected.NodeId);
        X509Certificate2 authority = ReadAuthorityCertificate(now);
        X509Certificate2? keyed = null;
        try
        {
            using (X509Certificate2 certificate = ReadCertificate(certificatePath))
            {
                keyed = AttachKey(certificate, NodeKeyPath(expected.NodeId));
            }
            var credentials = new NodeCredentials(expected, keyed, authority);
            credentials.Verify(now).ThrowIfInvalid(certificatePath);
            return credentials;
        }
        catch
        {
            keyed?.Dispose();
            authority.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the CA on first use and issues a certificate to every listed node that has none yet;
    /// what already exists is kept (and must load), so running it again changes nothing.
    /// </summary>
    public void Provision(string clusterId, IEnumerable<NodeCertificateRequest> nodes, DateTimeOffset now)
    {
        if (!HasAuthority)
        {
            using ClusterCertificateAuthority created = ClusterCertificateAuthority.Create(clusterId, now);
            WriteAuthority(created);
        }
        using ClusterCertificateAuthority authority = ReadAuthority(now);
        foreach (NodeCertificateRequest node in nodes)
        {
            var identity = new NodeIdentity(clusterId, node.NodeId);
            if (HasNode(node.NodeId))
            {
                ReadNode(identity, now).Dispose();
                continue;
            }
            using NodeCredentials issued = authority.IssueNode(identity, node.HostNames, now);
            WriteNode(issued);
        }
    }

    private string File(string name) => System.IO.Path.Combine(Path, name);

    private static X509Certificate2 ReadCertificate(string path)
    {
        string pem = PemFiles.Read(path);
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CertificateException(CertificateError.MalformedPem, $"not a PEM certificate: {e.Message}", path, e);
        }
    }

    private static X509Certificate2 AttachKey(X509Certificate2 certificate, string keyPath)
    {
        using ECDsa key = ECDsa.Create();
        try
        {
            key.ImportFromPem(PemFiles.ReadPrivate(keyPath));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CertificateException(CertificateError.MalformedPem, $"not a PEM ECDSA private key: {e.Message}", keyPath, e);
        }
        using ECDsa? certificateKey = certificate.GetECDsaPublicKey();
        if (certificateKey is null || !certificateKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            throw new CertificateException(CertificateError.KeyMismatch, $"the key does not match the certificate {certificate.Subject}", keyPath);
        return certificate.CopyWithPrivateKey(key);
    }
}
