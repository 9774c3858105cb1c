using System.Net;
using Plover.Bench.Metrics;

namespace Plover.Bench.Targets;

/// <summary>
/// Debian's redis-server as the reference row: on a free loopback port, in its own temporary
/// folder, with no persistence (<c>redis</c>) or an fsync per write (<c>redis-aof</c>).
/// </summary>
/// <param name="extraArguments">more redis-server options, appended last (e.g. <c>--rename-command SET ""</c> for a server that rejects writes)</param>
public sealed class RedisTarget(RedisPersistence persistence, IReadOnlyList<string>? extraArguments = null, string executable = RedisTarget.DefaultExecutable) : IBenchTarget
{
    public const string DefaultExecutable = "redis-server";
    private const int StartAttemptsMax = 3;

    private ServerProcess? server;
    private string? folder;
    private IPEndPoint? endpoint;

    public string Mode => persistence == RedisPersistence.None ? "redis" : "redis-aof";

    public string Description => persistence == RedisPersistence.None
        ? "redis-server, no persistence (--save \"\" --appendonly no)"
        : "redis-server, append-only file fsynced on every write (--appendonly yes --appendfsync always)";

    public IReadOnlyList<IPEndPoint> Endpoints => endpoint is null ? throw NotStarted() : [endpoint];

    public IReadOnlyList<int> ProcessIds => server is null ? throw NotStarted() : [server.Id];

    public bool Replicates => false;

    /// <summary>The folder redis-server runs in (its append-only files live here); valid once started.</summary>
    public string Folder => folder ?? throw NotStarted();

    public async Task StartAsync(CancellationToken cancellation)
    {
        if (server is not null) throw new InvalidOperationException($"{Mode} is already started");
        folder = Directory.CreateTempSubdirectory($"plover-bench-{Mode}-").FullName;
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePorts.PickOne();
            ServerProcess candidate = ServerProcess.Start(Mode, executable, Arguments(port, folder), folder);
            try
            {
                await RespProbe.WaitServingAsync(Mode, new IPEndPoint(IPAddress.Loopback, port), () => !candidate.HasExited, candidate.Tail, cancellation);
                server = candidate;
                endpoint = new IPEndPoint(IPAddress.Loopback, port);
                return;
            }
            catch (TargetStartException) when (attempt < StartAttemptsMax && candidate.Tail().Contains("Address already in use"))
            {
                candidate.Dispose(); // another process took the port between the probe and the bind
            }
            catch
            {
                candidate.Dispose();
                throw;
            }
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
        DeleteFolder();
        if (died || exitCode != 0)
            throw new TargetStopException(Mode, $"{(died ? "it had exited before the stop" : "it exited")} with {ServerProcess.DescribeExit(exitCode)}:\n{tail}");
    }

    public ValueTask DisposeAsync()
    {
        server?.Dispose();
        server = null;
        endpoint = null;
        DeleteFolder();
        return ValueTask.CompletedTask;
    }

    private IEnumerable<string> Arguments(int port, string dir)
    {
        string[] common =
        [
            "--port", $"{port}", "--bind", "127.0.0.1", "--dir", dir, "--daemonize", "no",
            "--save", "", "--logfile", "", "--protected-mode", "yes",
        ];
        string[] durability = persistence == RedisPersistence.None
            ? ["--appendonly", "no"]
            : ["--appendonly", "yes", "--appendfsync", "always"];
        return common.Concat(durability).Concat(extraArguments ?? []);
    }

    private void DeleteFolder()
    {
        if (folder is not null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        folder = null;
    }

    private InvalidOperationException NotStarted() => new($"{Mode} is not started");
}
