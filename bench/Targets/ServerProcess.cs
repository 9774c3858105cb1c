using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Plover.Bench.Metrics;

namespace Plover.Bench.Targets;

/// <summary>
/// A server process started for a benchmark: keeps the last lines it printed (for error
/// messages), can wait for a line it announces, and stops the way an operator would (SIGTERM,
/// then SIGKILL if it does not exit in time).
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    public const int OutputLinesMax = 40;
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process process;
    private readonly Queue<string> tail = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> awaited = [];
    private readonly object gate = new();

    private ServerProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    public string Name { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    public static ServerProcess Start(string name, string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, name);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new TargetStartException(name, $"cannot run {file}: {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; fails if the process exits first.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellation)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            foreach (string line in tail)
                if (pattern.Match(line) is { Success: true } seen) return seen;
            awaited.Add((pattern, found));
        }
        Task exited = process.WaitForExitAsync(cancellation);
        Task first = await Task.WhenAny(found.Task, exited, Task.Delay(timeout, cancellation));
        cancellation.ThrowIfCancellationRequested();
        if (first == found.Task) return await found.Task;
        if (first == exited) throw new TargetStartException(Name, $"exited with code {process.ExitCode} before printing /{pattern}/:\n{Tail()}");
        throw new TargetStartException(Name, $"printed nothing matching /{pattern}/ within {timeout}:\n{Tail()}");
    }

    /// <summary>The last lines the process printed, oldest first.</summary>
    public string Tail()
    {
        lock (gate) return string.Join('\n', tail);
    }

    /// <summary>SIGTERM, then waits; SIGKILL if it did not exit in time. Returns the exit code, or throws if it had to be killed.</summary>
    public async Task<int> StopAsync(CancellationToken cancellation)
    {
        if (process.HasExited) return process.ExitCode;
        LibC.Signal(process.Id, LibC.SigTerm);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellation.ThrowIfCancellationRequested();
            throw new TargetStopException(Name, $"still running {StopTimeout} after SIGTERM; killed:\n{Tail()}");
        }
        process.WaitForExit(); // drains the output readers
        return process.ExitCode;
    }

    /// <summary>"code 1", or "code 137 (killed by signal 9)": .NET reports death by signal N as 128 + N.</summary>
    public static string DescribeExit(int exitCode) =>
        exitCode is > 128 and < 128 + 65 ? $"code {exitCode} (killed by signal {exitCode - 128})" : $"code {exitCode}";

    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it exited between the check and the kill
        }
        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (gate)
        {
            tail.Enqueue(line);
            if (tail.Count > OutputLinesMax) tail.Dequeue();
            for (int i = awaited.Count - 1; i >= 0; i--)
            {
                if (awaited[i].Pattern.Match(line) is not { Success: true } match) continue;
                awaited[i].Found.TrySetResult(match);
                awaited.RemoveAt(i);
            }
        }
    }
}
