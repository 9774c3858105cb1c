namespace Plover.Sandbox.Wasi;

/// <summary>A guest import the WASI library OS cannot satisfy: an unknown function, or a known one with another type.</summary>
public sealed class WasiLinkException(string module, string name, string message) : Exception(message)
{
    public string Module { get; } = module;

    public string Name { get; } = name;
}
