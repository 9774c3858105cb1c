using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Plover.Linearizability.Resp;

namespace Plover.Guests.Tests;

/// <summary>
/// A native guest server (kv-native, kv-asan, nondet-native) started on a free loopback port for
/// one test. The server prints the port it bound. Disposing stops it the way an operator would
/// (SIGTERM: it closes every connection, frees everything and exits 0) and fails the test if it had
/// died, did not stop, exited non-zero or reported anything on stderr (for kv-asan: a memory error,
/// undefined behaviour, or a leak found at exit).
/// </summary>
internal sealed partial class GuestServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private GuestServer(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    public const string Host = "127.0.0.1";
    public int Port { get; }
    public int ProcessId => _process.Id;

    public static Task<GuestServer> StartAsync(string binary = "kv-native") =>
        StartAsync(new ProcessStartInfo(Repository.Guest(binary), ["--listen", $"{Host}:0"]), binary);

    /// <summary>
    /// A wasm guest of guests/build served by `plover run GUEST --listen` (the Plover CLI through
    /// its launcher, built first so that the build's own messages do not reach the server's stderr).
    /// </summary>
    public static async Task<GuestServer> StartUnderPloverAsync(string wasm)
    {
        await PloverBuilt.Value;
        return await StartAsync(new ProcessStartInfo(Repository.Launcher, ["run", Repository.Guest(wasm), "--listen", $"{Host}:0"]), $"plover run {wasm}");
    }

    private static readonly Lazy<Task> PloverBuilt = new(async () =>
    {
        Tool.Result result = await Tool.RunAsync(Repository.Launcher, ["--version"], TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0) throw new InvalidOperationException($"the plover CLI did not build: {result}");
    });

    private static async Task<GuestServer> StartAsync(ProcessStartInfo start, string binary)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        Process process = Tool.Launch(start);
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new TimeoutException($"{binary} did not announce its port within {StartTimeout}");
        }
        Match match = line is null ? Match.Empty : Announcement().Match(line);
        if (!match.Success)
        {
            process.Kill();
            throw new InvalidOperationException($"{binary} printed '{line}' instead of 'NAME: listening on HOST:PORT'");
        }
        return new GuestServer(process, int.Parse(match.Groups[1].Value));
    }

    public Task<RespConnection> ConnectAsync() => RespConnection.ConnectAsync(Host, Port);

    public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Fails the test if the server has died (a crash, an abort), quoting its stderr.</summary>
    public void AssertAlive() =>
        Assert.False(_process.HasExited, $"the server exited with {(_process.HasExited ? _process.ExitCode : 0)}: {StandardError}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            AssertAlive();
            Signals.Terminate(_process.Id);
            using var cts = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the server did not stop within {StopTimeout} of SIGTERM");
            }
            _process.WaitForExit(); // drains the stderr reader
            Assert.True(_process.ExitCode == 0 && StandardError.Length == 0,
                $"the server stopped with exit code {_process.ExitCode} and stderr:\n{StandardError}");
        }
        finally
        {
            if (!_process.HasExited) _process.Kill();
            _process.Dispose();
        }
    }

    [GeneratedRegex(@"^\w[\w-]*: listening on .*:(\d+)$")]
    private static partial Regex Announcement();
}
