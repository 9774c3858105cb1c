// Deployment targets Linux hosts (systemd, file modes, network namespaces).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
