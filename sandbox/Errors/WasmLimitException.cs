namespace Plover.Sandbox;

/// <summary>An instance could not be created within the limits configured for it (memory pages, table elements).</summary>
public sealed class WasmLimitException(string message) : Exception(message);
