using System.Diagnostics;

namespace Plover.Sandbox.Tests.Guests;

/// <summary>
/// Real C programs (guests/cpu, built by scripts/setup with clang -O2 natively and for wasm32-wasi)
/// must print exactly what their native builds print. Skipped, saying so, when they are not built.
/// </summary>
public class GuestProgramTests
{
    public static TheoryData<string> Programs() => ["sort", "hash", "matrix", "interp"];

    [GuestsBuiltTheory]
    [MemberData(nameof(Programs))]
    public void SandboxPrintsWhatTheNativeBuildPrints(string program)
    {
        string build = GuestBuild.Directory!;
        var host = new StdoutOnlyHost();
        Instance instance = host.Linker().Instantiate(Module.Compile(File.ReadAllBytes(Path.Combine(build, $"cpu-{program}.wasm"))));
        try
        {
            instance.GetFunction("_start").Invoke();
        }
        catch (StdoutOnlyHost.Exit exit) when (exit.Code == 0)
        {
        }
        Assert.Equal(RunNative(Path.Combine(build, $"cpu-{program}-native")), host.Output);
        Assert.NotEmpty(host.Output);
    }

    private static string RunNative(string path)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}

internal static class GuestBuild
{
    /// <summary>guests/build of the repository, when the CPU programs have been built there.</summary>
    public static string? Directory { get; } = Find();

    private static string? Find()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (!File.Exists(Path.Combine(dir, "Plover.sln"))) continue;
            string build = Path.Combine(dir, "guests", "build");
            return File.Exists(Path.Combine(build, "cpu-sort.wasm")) && File.Exists(Path.Combine(build, "cpu-sort-native")) ? build : null;
        }
        return null;
    }
}

internal sealed class GuestsBuiltTheoryAttribute : TheoryAttribute
{
    public GuestsBuiltTheoryAttribute()
    {
        if (GuestBuild.Directory is null) Skip = "guests/build has no CPU programs: run scripts/setup (it builds the guests)";
    }
}
