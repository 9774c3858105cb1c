namespace Plover.Sandbox.Wasi.State;

/// <summary>A library OS state blob that is malformed: truncated, inconsistent or from another configuration.</summary>
public sealed class WasiStateFormatException(string message, int offset)
    : Exception($"malformed WASI library OS state at byte {offset}: {message}")
{
    public int Offset { get; } = offset;
}
