using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Plover.Engine.Security;

namespace Plover.Engine.Transport;

/// <summary>
/// Mutual TLS 1.3 between nodes: each side presents its node certificate and accepts only a node
/// certificate of our cluster signed by the cluster CA (see <see cref="PeerCertificateCheck"/>).
/// </summary>
internal sealed class PeerAuthenticator
{
    private readonly NodeCredentials credentials;
    private readonly TimeProvider time;
    private readonly SslStreamCertificateContext context;

    public PeerAuthenticator(NodeCredentials credentials, TimeProvider time)
    {
        this.credentials = credentials;
        this.time = time;
        // offline: the chain is our certificate and the CA, nothing to fetch.
        context = SslStreamCertificateContext.Create(credentials.Certificate, additionalCertificates: null, offline: true);
    }

    /// <summary>The accepting side's handshake; returns the identity proven by the dialler's certificate.</summary>
    public Task<NodeIdentity> AuthenticateAsServerAsync(SslStream stream, CancellationToken cancellation)
    {
        var check = new PeerCertificateCheck(credentials, time, "dialling node");
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = context,
            ClientCertificateRequired = true,
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = check.Validate,
        };
        return RunAsync(() => stream.AuthenticateAsServerAsync(options, cancellation), check);
    }

    /// <summary>The dialling side's handshake; returns the identity proven by the accepting node's certificate.</summary>
    public Task<NodeIdentity> AuthenticateAsClientAsync(SslStream stream, string targetHost, CancellationToken cancellation)
    {
        var check = new PeerCertificateCheck(credentials, time, "accepting node");
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ClientCertificateContext = context,
            EnabledSslProtocols = SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = check.Validate,
        };
        return RunAsync(() => stream.AuthenticateAsClientAsync(options, cancellation), check);
    }

    private static async Task<NodeIdentity> RunAsync(Func<Task> handshake, PeerCertificateCheck check)
    {
        try
        {
            await handshake().ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            if (check.Refusal is { } refusal) throw refusal;
            throw new PeerRefusedException(PeerRefusalReason.TlsFailed, $"TLS handshake failed: {Describe(e)}", e);
        }
        // The handshake cannot succeed unless our callback accepted the certificate.
        return check.Identity
            ?? throw new InvalidOperationException("TLS handshake completed without the peer certificate check accepting a certificate");
    }

    private static string Describe(Exception e) =>
        e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
}
