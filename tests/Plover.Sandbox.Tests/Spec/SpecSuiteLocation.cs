namespace Plover.Sandbox.Tests.Spec;

/// <summary>
/// Where the official spec suite is: <c>PLOVER_WASM_SPEC</c>, or <c>../shared/wasm-spec</c>
/// relative to the repository root. Tests that need it are skipped, saying so, when it is absent.
/// </summary>
internal static class SpecSuiteLocation
{
    public const string EnvironmentVariable = "PLOVER_WASM_SPEC";

    public static string? Find()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured)) return Directory.Exists(configured) ? configured : null;
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (!File.Exists(Path.Combine(dir, "Plover.sln"))) continue;
            string candidate = Path.GetFullPath(Path.Combine(dir, "..", "shared", "wasm-spec"));
            return Directory.Exists(candidate) ? candidate : null;
        }
        return null;
    }

    public static string SkipReason =>
        $"the WebAssembly spec suite was not found: set {EnvironmentVariable} or provide ../shared/wasm-spec next to the repository";
}

/// <summary>A theory skipped (with the reason) when the spec suite is absent.</summary>
internal sealed class SpecSuiteTheoryAttribute : TheoryAttribute
{
    public SpecSuiteTheoryAttribute()
    {
        if (SpecSuiteLocation.Find() is null) Skip = SpecSuiteLocation.SkipReason;
    }
}
