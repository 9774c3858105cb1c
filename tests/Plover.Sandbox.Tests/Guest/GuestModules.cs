using System.Collections.Concurrent;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>
/// The guests built into guests/build by scripts/setup (kv, nondet, wasi-demo), compiled once
/// per test run: a compiled module serves every machine of it.
/// </summary>
internal static class GuestModules
{
    private static readonly ConcurrentDictionary<string, Lazy<Module>> Compiled = new();

    /// <summary>guests/build of the repository, when the Asyncify-prepared guests have been built there.</summary>
    public static string? BuildDirectory { get; } = Find();

    public static Module Kv => Get("kv.wasm");

    public static Module Nondet => Get("nondet.wasm");

    public static string PathOf(string name) =>
        Path.Combine(BuildDirectory ?? throw new InvalidOperationException("guests/build is missing"), name);

    public static Module Get(string name) =>
        Compiled.GetOrAdd(name, n => new Lazy<Module>(() => Module.Compile(File.ReadAllBytes(PathOf(n))))).Value;

    private static string? Find()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (!File.Exists(Path.Combine(dir, "Plover.sln"))) continue;
            string build = Path.Combine(dir, "guests", "build");
            return File.Exists(Path.Combine(build, "kv.wasm")) && File.Exists(Path.Combine(build, "nondet.wasm")) ? build : null;
        }
        return null;
    }
}

/// <summary>A fact that needs the prepared guests; skipped, saying why, when they are not built.</summary>
internal sealed class GuestFactAttribute : FactAttribute
{
    public GuestFactAttribute()
    {
        if (GuestModules.BuildDirectory is null) Skip = "guests/build has no kv.wasm or nondet.wasm: run scripts/setup (it builds the guests)";
    }
}
