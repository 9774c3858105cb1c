using System.Diagnostics;
using System.Text;

namespace Plover.EndToEnd.Tests;

/// <summary>A finished command: exit code and its interleaved output.</summary>
internal sealed record ProcessRun(int ExitCode, string Output)
{
    /// <summary>Runs a command to completion (killed, with its children, past <paramref name="timeout"/>).</summary>
    public static async Task<ProcessRun> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output) return new ProcessRun(-1, $"{output}\n(killed after {timeout.TotalSeconds:F0} s)");
        }
        process.WaitForExit();
        lock (output) return new ProcessRun(process.ExitCode, output.ToString());
    }
}
