namespace Plover.Sandbox.Wasi;

/// <summary>
/// Thrown by <c>proc_exit</c>: the guest asked to terminate with <see cref="ExitCode"/>. The
/// embedder catches it at the call into the guest and unwinds.
/// </summary>
public sealed class WasiExitException(uint exitCode)
    : Exception(exitCode <= ExitCodeMax
        ? $"the guest exited with code {exitCode}"
        : $"the guest exited with code {exitCode}, outside WASI's range [0, {ExitCodeMax}]")
{
    /// <summary>Larger codes are reported as an error, as wasmtime does (126+ mean "not run" to shells).</summary>
    public const uint ExitCodeMax = 125;

    public uint ExitCode { get; } = exitCode;

    public bool IsValidExitCode => ExitCode <= ExitCodeMax;
}
