using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Plover.Bench;

/// <summary>A command run to completion (the cluster's up and down, redis-benchmark, tool probes), with its output and exit code.</summary>
public sealed record CommandRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output, then standard error.</summary>
    public string Output => StandardError.Length == 0 ? StandardOutput : $"{StandardOutput}{StandardError}";

    public static async Task<CommandRun> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException($"cannot run {file}: {e.Message}", file, e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellation.ThrowIfCancellationRequested();
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }
        process.WaitForExit();
        lock (output) lock (errors) return new CommandRun(process.ExitCode, output.ToString(), errors.ToString());
    }

    /// <summary>The first non-empty output line, for one-line reasons.</summary>
    public string FirstLine => Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no output)";
}
