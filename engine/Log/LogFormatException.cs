namespace Plover.Engine.Log;

/// <summary>A stored or received log payload that does not decode: says what and at which byte.</summary>
public sealed class LogFormatException(string message, int offset)
    : Exception($"malformed log batch at byte {offset}: {message}")
{
    public int Offset { get; } = offset;
}
