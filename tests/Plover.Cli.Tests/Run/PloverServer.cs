using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Plover.Cli.Tests.Run;

/// <summary>`plover run GUEST --listen 127.0.0.1:0` started for one test; it prints the port it bound.</summary>
internal sealed partial class PloverServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private PloverServer(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

    public static async Task<PloverServer> StartAsync(string guest)
    {
        await Tool.PloverAsync(["--version"]);  // builds the CLI first, if needed, so the build is not timed here
        // Started as a shell starts a foreground command: SIGINT at its default. A test run launched
        // as a background job (`cmd &` in a script) inherits SIGINT ignored, and .NET, like any
        // well-behaved program, leaves an inherited ignore alone, so Ctrl-C could never reach the
        // server. env resets it, then execs the launcher (same pid, which the tests signal).
        var start = new ProcessStartInfo("/usr/bin/env", ["--default-signal=INT", Repository.Launcher, "run", guest, "--listen", "127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        Process process = Tool.Launch(start);
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        Match match = line is null ? Match.Empty : Announcement().Match(line);
        if (!match.Success)
        {
            process.Kill();
            throw new InvalidOperationException($"plover run printed '{line}' instead of 'plover: listening on HOST:PORT': {await process.StandardError.ReadToEndAsync()}");
        }
        return new PloverServer(process, int.Parse(match.Groups[1].Value));
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    /// <summary>Waits for the server to exit by itself and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"^plover: listening on .*:(\d+)$")]
    private static partial Regex Announcement();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
