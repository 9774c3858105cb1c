using System.Diagnostics;

namespace Plover.LogTool.Tests;

/// <summary>Runs the repository's ./plover launcher (which builds the CLI when a source changed), bounded in time.</summary>
internal static class Launcher
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public static string Root { get; } = FindRoot();

    public static string Guest(string name)
    {
        string path = Path.Combine(Root, "guests", "build", name);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: run scripts/setup, which builds the guests (make -C guests)", path);
        return path;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Root, "plover"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("./plover did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"./plover {string.Join(' ', arguments)} did not finish within {Timeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Plover.sln"))) return d.FullName;
        throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds Plover.sln");
    }
}
