namespace Plover.Engine.Security;

/// <summary>A node to issue a certificate for, and the host names or IP addresses it is reached at.</summary>
public sealed record NodeCertificateRequest(uint NodeId, IReadOnlyList<string> HostNames);
