using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Plover.Deploy.Tests;

/// <summary>
/// deploy/rehearse running in the background for one test: three host namespaces and a client
/// namespace on a bridge. Commands run in the client namespace; links are cut on the switch side.
/// Disposing it sends SIGTERM (the script tears everything down) and checks the namespaces are gone.
/// </summary>
internal sealed class Rehearsal : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(8);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan TeardownTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Dictionary<string, string> variables = new(StringComparer.Ordinal);

    private Rehearsal(Process process)
    {
        this.process = process;
    }

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    public string Prefix => variables["REHEARSE_PREFIX"];

    public string Bundle => variables["REHEARSE_BUNDLE"];

    public string Address(int node) => variables[$"REHEARSE_ADDRESS{node}"];

    public string ServicePort => variables["REHEARSE_SERVICE_PORT"];

    public static async Task<Rehearsal> StartAsync(string guest, string folder)
    {
        string ready = Path.Combine(folder, "ready");
        var start = new ProcessStartInfo(Path.Combine(Programs.Root, "deploy", "rehearse"),
            ["--guest", guest, "--out", Path.Combine(folder, "bundle"), "--ready-file", ready])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Programs.Root,
        };
        var rehearsal = new Rehearsal(Process.Start(start) ?? throw new InvalidOperationException("deploy/rehearse did not start"));
        rehearsal.process.OutputDataReceived += (_, e) => rehearsal.Append(e.Data);
        rehearsal.process.ErrorDataReceived += (_, e) => rehearsal.Append(e.Data);
        rehearsal.process.BeginOutputReadLine();
        rehearsal.process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(ready))
        {
            if (rehearsal.process.HasExited) throw new InvalidOperationException($"deploy/rehearse exited with {rehearsal.process.ExitCode}:\n{rehearsal.Output}");
            if (clock.Elapsed > ReadyTimeout)
            {
                await rehearsal.DisposeAsync();
                throw new TimeoutException($"deploy/rehearse was not ready within {ReadyTimeout}:\n{rehearsal.Output}");
            }
            await Task.Delay(500);
        }
        foreach (string line in File.ReadAllLines(ready))
        {
            int equals = line.IndexOf('=');
            if (equals > 0) rehearsal.variables[line[..equals]] = line[(equals + 1)..];
        }
        return rehearsal;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    public Task<Programs.Result> InClientAsync(string[] command, string? stdin = null) =>
        Programs.RunAsync("ip", ["netns", "exec", variables["REHEARSE_CLIENT"], .. command], CommandTimeout, stdin);

    /// <summary>Each node's status as `plover deploy status --json` reads it from the client namespace.</summary>
    public async Task<JsonElement[]> StatusAsync()
    {
        Programs.Result run = await InClientAsync(["dotnet", Path.Combine(Bundle, "bin", "plover.dll"), "deploy", "status", "--bundle", Bundle, "--json"]);
        if (run.ExitCode is not (0 or 1)) throw new InvalidOperationException($"deploy status failed: {run}");
        using JsonDocument document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>Sends <paramref name="commands"/> (one per line) with redis-cli to node <paramref name="node"/>; returns the reply lines.</summary>
    public async Task<string[]> RedisAsync(int node, IEnumerable<string> commands)
    {
        Programs.Result run = await InClientAsync(["redis-cli", "-h", Address(node), "-p", ServicePort], string.Join('\n', commands) + "\n");
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    /// <summary>Pulls (or plugs back) node <paramref name="node"/>'s cable: its port on the bridge goes down or up.</summary>
    public async Task SetLinkAsync(int node, bool up)
    {
        Programs.Result run = await Programs.RunAsync("ip", ["-n", variables["REHEARSE_SWITCH"], "link", "set", variables[$"REHEARSE_LINK{node}"], up ? "up" : "down"], CommandTimeout);
        if (run.ExitCode != 0) throw new InvalidOperationException($"ip link set failed: {run}");
    }

    public async Task<string[]> NamespacesLeftAsync()
    {
        Programs.Result list = await Programs.RunAsync("ip", ["netns", "list"], CommandTimeout);
        string prefix = variables.GetValueOrDefault("REHEARSE_PREFIX") ?? $"plv{process.Id}";
        return list.Stdout.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
    }

    public bool HasExited => process.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await Programs.RunAsync("kill", ["-TERM", process.Id.ToString()], CommandTimeout);
            using var cts = new CancellationTokenSource(TeardownTimeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }
}
