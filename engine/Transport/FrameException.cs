namespace Plover.Engine.Transport;

/// <summary>A frame that could not be read or written; the connection it belongs to is closed.</summary>
public sealed class FrameException : Exception
{
    public FrameException(FrameError error, string message, Exception? inner = null)
        : base($"{error}: {message}", inner)
    {
        Error = error;
    }

    public FrameError Error { get; }
}
