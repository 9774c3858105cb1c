using System.ComponentModel;
using System.Diagnostics;

namespace Plover.Cli.Tests;

/// <summary>Runs a program (the plover launcher, wat2wasm, redis-benchmark) to completion, bounded in time.</summary>
internal static class Tool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    public static readonly TimeSpan PloverTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs ./plover with the arguments, from the repository root.</summary>
    public static Task<Result> PloverAsync(IEnumerable<string> arguments, string? stdin = null, TimeSpan? timeout = null) =>
        RunAsync(Repository.Launcher, arguments, timeout ?? PloverTimeout, stdin, Repository.Root);

    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, string? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        using Process process = Launch(start);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Process Launch(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run {start.FileName} ({e.Message}): run scripts/setup, which installs the tools the tests use", e);
        }
    }

    /// <summary>WebAssembly text to a binary module file with wabt's wat2wasm.</summary>
    public static async Task<string> WatToWasmAsync(string text, string directory, string name)
    {
        string input = Path.Combine(directory, name + ".wat"), output = Path.Combine(directory, name + ".wasm");
        await File.WriteAllTextAsync(input, text);
        Result result = await RunAsync("wat2wasm", [input, "-o", output], TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0) throw new InvalidOperationException($"wat2wasm failed: {result}");
        return output;
    }
}
