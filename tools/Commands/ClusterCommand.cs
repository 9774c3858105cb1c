using System.CommandLine;
using System.Reflection;
using Plover.Engine.Config;
using Plover.Engine.LocalCluster;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover cluster up|status|down`: a local three-node cluster in the background. `up` creates
/// the certificates and node configs on first use (node N: service port P+N, status P+10+N, peers
/// P+20+N; store and node.pid in DIR/nodeN), starts the nodes from their stores, waits until a
/// primary serves and prints the endpoints; run again, it restarts the same cluster.
/// </summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var command = new Command("cluster", "Run a local three-node cluster in the background.");
        command.Subcommands.Add(CreateUp());
        command.Subcommands.Add(CreateStatus());
        command.Subcommands.Add(CreateDown());
        return command;
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "The cluster's folder: certificates, and per node its store, config, log and node.pid.",
        DefaultValueFactory = _ => ClusterLayout.DataDirectoryDefault,
    };

    private static Command CreateUp()
    {
        var guest = new Option<string?>("--guest") { Description = "The prepared WASI guest to serve (required the first time), e.g. guests/build/kv.wasm." };
        var mode = new Option<string?>("--mode") { Description = $"Replication mode: {ModeNames.List<ReplicationMode>()} (default vsmr)." };
        var nondeterminism = new Option<string?>("--nondeterminism") { Description = $"The guest's clocks and randomness: {ModeNames.List<NondeterminismMode>()} (default deterministic)." };
        var portBase = new Option<int?>("--port-base") { Description = $"Node N serves on P+N, its status on P+10+N, its peers on P+20+N (default {ClusterLayout.PortBaseDefault})." };
        var data = DataOption();
        var command = new Command("up", "Start (or restart) the three nodes and wait until a primary serves.") { guest, mode, nondeterminism, portBase, data };
        command.SetAction((parse, cancellation) => RunAsync(async () =>
        {
            var request = new ClusterUpRequest(parse.GetValue(data)!, parse.GetValue(guest), ParseMode(parse.GetValue(mode)),
                ParseNondeterminism(parse.GetValue(nondeterminism)), parse.GetValue(portBase));
            ClusterLayout layout = await new ClusterManager(NodeCommandLine(), Console.Out).UpAsync(request, cancellation);
            IReadOnlyList<NodeReport> reports = await new ClusterManager(NodeCommandLine(), Console.Out).StatusAsync(layout.DataDirectory);
            Console.WriteLine($"cluster in {layout.DataDirectory} is up:");
            foreach (NodeReport report in reports)
                Console.WriteLine($"  node {report.Node}: clients {report.Service}, status http://{layout.Status(report.Node)}/status, {report.Role} ({report.Health})");
            Console.WriteLine($"try: redis-cli -p {layout.Service(1).Port} ping    stop: ./plover cluster down --data {parse.GetValue(data)}");
            return 0;
        }));
        return command;
    }

    private static Command CreateStatus()
    {
        var data = DataOption();
        var command = new Command("status", "Show each node's role, epoch and health.") { data };
        command.SetAction((parse, _) => RunAsync(async () =>
        {
            IReadOnlyList<NodeReport> reports = await new ClusterManager(NodeCommandLine(), Console.Out).StatusAsync(parse.GetValue(data)!);
            Console.WriteLine(ClusterManager.Describe(reports));
            return reports.Any(r => r.Health == "serving") ? 0 : 1;
        }));
        return command;
    }

    private static Command CreateDown()
    {
        var data = DataOption();
        var command = new Command("down", "Stop the cluster's nodes (SIGTERM, then SIGKILL after 15 s).") { data };
        command.SetAction((parse, cancellation) => RunAsync(async () =>
        {
            await new ClusterManager(NodeCommandLine(), Console.Out).DownAsync(parse.GetValue(data)!, cancellation);
            return 0;
        }));
        return command;
    }

    private static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ClusterException or ArgumentException or IOException or Plover.Engine.Security.CertificateException)
        {
            Console.Error.WriteLine($"plover cluster: {e.Message}");
            return 1;
        }
    }

    private static ReplicationMode? ParseMode(string? text) => text is null ? null
        : ModeNames.TryParse(text, out ReplicationMode mode) ? mode
        : throw new ArgumentException($"--mode '{text}' is not one of {ModeNames.List<ReplicationMode>()}");

    private static NondeterminismMode? ParseNondeterminism(string? text) => text is null ? null
        : ModeNames.TryParse(text, out NondeterminismMode mode) ? mode
        : throw new ArgumentException($"--nondeterminism '{text}' is not one of {ModeNames.List<NondeterminismMode>()}");

    /// <summary>How to run this same CLI: through dotnet and this assembly, or the app host directly.</summary>
    internal static IReadOnlyList<string> NodeCommandLine()
    {
        string process = Environment.ProcessPath ?? throw new ClusterException("cannot tell which program is running");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, Assembly.GetEntryAssembly()!.Location] : [process];
    }
}
