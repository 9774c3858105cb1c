namespace Plover.Sandbox.Guest.State;

/// <summary>A serialized guest state that is malformed: bad magic, version or checksum, truncated, out of bounds.</summary>
public sealed class GuestStateFormatException(string message, int offset)
    : Exception($"malformed guest state at byte {offset}: {message}")
{
    public int Offset { get; } = offset;
}
