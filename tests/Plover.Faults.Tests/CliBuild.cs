using System.Diagnostics;

namespace Plover.Faults.Tests;

/// <summary>
/// Builds the CLI through the launcher once per test run, before any node starts: a node started
/// while the launcher rebuilds would spend its start-up bound waiting for the build.
/// </summary>
internal static class CliBuild
{
    private static readonly TimeSpan BuildMax = TimeSpan.FromMinutes(10);
    private static readonly Lazy<string> Built = new(Build);

    public static void Ensure() => _ = Built.Value;

    private static string Build()
    {
        var start = new ProcessStartInfo(Repository.Launcher) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--version");
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {Repository.Launcher}");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string version = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(BuildMax)) throw new TimeoutException($"{Repository.Launcher} did not build within {BuildMax.TotalMinutes} minutes");
        if (process.ExitCode != 0) throw new InvalidOperationException($"{Repository.Launcher} --version failed ({process.ExitCode}): {error.Result}");
        return version;
    }
}
