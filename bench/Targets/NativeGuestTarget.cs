using System.Net;
using System.Text.RegularExpressions;
using Plover.Bench.Metrics;

namespace Plover.Bench.Targets;

/// <summary>
/// A guest's unreplicated native build (<c>guests/build/kv-native</c>, <c>nondet-native</c>), the
/// same C source as the wasm guest compiled for the host: what the service costs with no sandbox
/// and no replication. Started on port 0; it prints the port it bound.
/// </summary>
public sealed partial class NativeGuestTarget(string mode, string binary) : IBenchTarget
{
    public static readonly TimeSpan AnnounceTimeout = TimeSpan.FromSeconds(10);

    private ServerProcess? server;
    private IPEndPoint? endpoint;

    public string Mode { get; } = mode;

    public string Description => $"{Path.GetFileName(binary)} --listen (the guest's native build, unreplicated)";

    public IReadOnlyList<IPEndPoint> Endpoints => endpoint is null ? throw NotStarted() : [endpoint];

    public IReadOnlyList<int> ProcessIds => server is null ? throw NotStarted() : [server.Id];

    public bool Replicates => false;

    public async Task StartAsync(CancellationToken cancellation)
    {
        if (server is not null) throw new InvalidOperationException($"{Mode} is already started");
        if (!File.Exists(binary)) throw new TargetStartException(Mode, $"{binary} is not built: run scripts/setup");
        ServerProcess candidate = ServerProcess.Start(Mode, binary, ["--listen", "127.0.0.1:0"]);
        try
        {
            Match announced = await candidate.WaitForLineAsync(Announcement(), AnnounceTimeout, cancellation);
            var bound = new IPEndPoint(IPAddress.Loopback, int.Parse(announced.Groups[1].Value));
            await RespProbe.WaitServingAsync(Mode, bound, () => !candidate.HasExited, candidate.Tail, cancellation);
            server = candidate;
            endpoint = bound;
        }
        catch
        {
            candidate.Dispose();
            throw;
        }
    }

    public Task<ClusterReplication> ReadReplicationAsync(CancellationToken cancellation) =>
        throw new InvalidOperationException($"{Mode} is a single server: it sends nothing to peers");

    public async Task StopAsync(CancellationToken cancellation)
    {
        if (server is null) throw NotStarted();
        bool died = server.HasExited;
        int exitCode = await server.StopAsync(cancellation);
        string tail = server.Tail();
        server.Dispose();
        server = null;
        endpoint = null;
        if (died || exitCode != 0)
            throw new TargetStopException(Mode, $"{(died ? "it had exited before the stop" : "it exited")} with {ServerProcess.DescribeExit(exitCode)}:\n{tail}");
    }

    public ValueTask DisposeAsync()
    {
        server?.Dispose();
        server = null;
        endpoint = null;
        return ValueTask.CompletedTask;
    }

    private InvalidOperationException NotStarted() => new($"{Mode} is not started");

    [GeneratedRegex(@"listening on \S+:(\d+)$")]
    private static partial Regex Announcement();
}
