namespace Plover.Engine.Security;

/// <summary>A certificate or key could not be loaded or did not pass verification.</summary>
public sealed class CertificateException : Exception
{
    public CertificateException(CertificateError error, string message, string? path = null, Exception? inner = null)
        : base(path is null ? $"{error}: {message}" : $"{error}: {message} ({path})", inner)
    {
        Error = error;
        Path = path;
    }

    public CertificateError Error { get; }

    /// <summary>The file concerned, when the problem is with a file.</summary>
    public string? Path { get; }
}
