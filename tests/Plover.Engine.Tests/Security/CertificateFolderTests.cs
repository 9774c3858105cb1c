using Plover.Engine.Security;

namespace Plover.Engine.Tests.Security;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class CertificateFolderTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly NodeIdentity Node1 = new("c1", 1);
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static CertificateFolder Provisioned(TempFolder temp)
    {
        var folder = new CertificateFolder(temp.Path);
        folder.Provision("c1", [new NodeCertificateRequest(1, ["localhost", "127.0.0.1"]), new NodeCertificateRequest(2, ["localhost"])], Now);
        return folder;
    }

    [Fact]
    public void Provisioned_node_loads_with_its_key_and_identity()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);

        using NodeCredentials node = folder.ReadNode(Node1, Now);
        Assert.Equal(Node1, node.Identity);
        Assert.True(node.Certificate.HasPrivateKey);
        Assert.False(node.Authority.HasPrivateKey);
        Assert.True(node.Verify(Now).IsValid);
        using ClusterCertificateAuthority authority = folder.ReadAuthority(Now);
        Assert.True(authority.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Key_files_are_owner_only_and_certificates_world_readable()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(folder.NodeKeyPath(1)));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(folder.AuthorityKeyPath));
        Assert.True(File.GetUnixFileMode(folder.NodeCertificatePath(1)).HasFlag(UnixFileMode.OtherRead));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(folder.NodeCertificatePath(1)));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(folder.NodeKeyPath(1)));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Provisioning_again_keeps_existing_certificates_and_adds_missing_ones()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);
        string before = File.ReadAllText(folder.NodeCertificatePath(1));
        string authorityBefore = File.ReadAllText(folder.AuthorityCertificatePath);

        folder.Provision("c1", [new NodeCertificateRequest(1, ["localhost"]), new NodeCertificateRequest(3, ["localhost"])], Now);

        Assert.Equal(before, File.ReadAllText(folder.NodeCertificatePath(1)));
        Assert.Equal(authorityBefore, File.ReadAllText(folder.AuthorityCertificatePath));
        using NodeCredentials node3 = folder.ReadNode(new NodeIdentity("c1", 3), Now);
        Assert.True(node3.Verify(Now).IsValid);
    }

    [Fact]
    public void Missing_certificate_file_is_reported_with_its_path()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);
        File.Delete(folder.NodeCertificatePath(1));

        var error = Assert.Throws<CertificateException>(() => folder.ReadNode(Node1, Now));
        Assert.Equal(CertificateError.MissingFile, error.Error);
        Assert.Equal(folder.NodeCertificatePath(1), error.Path);
    }

    [Fact]
    public void Missing_authority_is_reported()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<CertificateException>(() => new CertificateFolder(temp.Path).ReadNode(Node1, Now));
        Assert.Equal(CertificateError.MissingFile, error.Error);
        Assert.EndsWith("ca.crt", error.Path);
    }

    [Fact]
    public void Key_of_another_node_is_a_key_mismatch()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);
        File.Copy(folder.NodeKeyPath(2), folder.NodeKeyPath(1), overwrite: true);
        File.SetUnixFileMode(folder.NodeKeyPath(1), OwnerOnly);

        var error = Assert.Throws<CertificateException>(() => folder.ReadNode(Node1, Now));
        Assert.Equal(CertificateError.KeyMismatch, error.Error);
        Assert.Equal(folder.NodeKeyPath(1), error.Path);
    }

    [Fact]
    public void Readable_key_file_is_refused()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);
        File.SetUnixFileMode(folder.NodeKeyPath(1), OwnerOnly | UnixFileMode.GroupRead);

        var error = Assert.Throws<CertificateException>(() => folder.ReadNode(Node1, Now));
        Assert.Equal(CertificateError.KeyFileTooOpen, error.Error);
    }

    [Fact]
    public void Certificate_not_signed_by_the_folder_authority_is_refused()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);
        using (var other = ClusterCertificateAuthority.Create("c1", Now))
        {
            File.WriteAllText(folder.AuthorityCertificatePath, other.Certificate.ExportCertificatePem());
        }

        var error = Assert.Throws<CertificateException>(() => folder.ReadNode(Node1, Now));
        Assert.Equal(CertificateError.NotSignedByAuthority, error.Error);
        Assert.Equal(folder.NodeCertificatePath(1), error.Path);
    }

    [Fact]
    public void Expired_certificate_is_refused_on_load()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);
        DateTimeOffset later = Now.AddDays(CertificateLifetimes.NodeValidityDays + 1);

        var error = Assert.Throws<CertificateException>(() => folder.ReadNode(Node1, later));
        Assert.Equal(CertificateError.Expired, error.Error);
    }

    [Fact]
    public void Certificate_of_another_node_is_an_identity_mismatch()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);
        File.Copy(folder.NodeCertificatePath(2), folder.NodeCertificatePath(1), overwrite: true);
        File.Copy(folder.NodeKeyPath(2), folder.NodeKeyPath(1), overwrite: true);
        File.SetUnixFileMode(folder.NodeKeyPath(1), OwnerOnly);

        var error = Assert.Throws<CertificateException>(() => folder.ReadNode(Node1, Now));
        Assert.Equal(CertificateError.IdentityMismatch, error.Error);
        var otherCluster = Assert.Throws<CertificateException>(() => folder.ReadNode(new NodeIdentity("c2", 2), Now));
        Assert.Equal(CertificateError.IdentityMismatch, otherCluster.Error);
    }

    [Fact]
    public void Garbage_in_a_pem_file_is_malformed()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);
        File.WriteAllText(folder.NodeCertificatePath(1), "not a certificate");
        Assert.Equal(CertificateError.MalformedPem, Assert.Throws<CertificateException>(() => folder.ReadNode(Node1, Now)).Error);

        File.WriteAllText(folder.AuthorityCertificatePath, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Assert.Equal(CertificateError.MalformedPem, Assert.Throws<CertificateException>(() => folder.ReadAuthorityCertificate(Now)).Error);
    }

    [Fact]
    public void Garbage_key_file_is_malformed()
    {
        using var temp = new TempFolder();
        CertificateFolder folder = Provisioned(temp);
        File.WriteAllText(folder.NodeKeyPath(1), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        var error = Assert.Throws<CertificateException>(() => folder.ReadNode(Node1, Now));
        Assert.Equal(CertificateError.MalformedPem, error.Error);
        Assert.Equal(folder.NodeKeyPath(1), error.Path);
    }
}
