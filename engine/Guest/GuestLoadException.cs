namespace Plover.Engine.Guest;

/// <summary>The guest module cannot be served: unreadable, not a valid module, an import the library OS lacks, or not prepared with Asyncify.</summary>
public sealed class GuestLoadException(string path, string reason, Exception? inner = null)
    : Exception($"guest {path}: {reason}", inner)
{
    public string GuestPath { get; } = path;
}
