namespace Plover.Sandbox.Wasi.State;

/// <summary>The library OS is in a state that cannot be captured (it holds a host file).</summary>
public sealed class WasiStateException(string message) : Exception(message);
