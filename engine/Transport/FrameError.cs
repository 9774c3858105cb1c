namespace Plover.Engine.Transport;

/// <summary>Why a frame could not be read; each one closes the connection it arrived on.</summary>
public enum FrameError
{
    /// <summary>The connection ended inside a frame (its prefix or its body).</summary>
    Truncated,
    /// <summary>The length prefix exceeds the frame size limit.</summary>
    Oversized,
    /// <summary>The body is not a valid protobuf message of the expected type.</summary>
    Unparsable,
    /// <summary>The envelope parsed but carries no kind this node knows.</summary>
    UnknownKind,
}
