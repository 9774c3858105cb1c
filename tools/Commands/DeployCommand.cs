using System.CommandLine;
using System.Text.Json;
using Plover.Cli.Deploy;
using Plover.Engine.Config;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover deploy prepare|wait|status`: the C# half of deploy/plover-deploy. `prepare` writes the
/// bundle (CA, certificates, node configs, run scripts, systemd units, guest); `wait` polls the
/// deployed status endpoints until a primary serves; `status` shows each node once.
/// </summary>
internal static class DeployCommand
{
    public const int ExitFailed = 1;
    public static readonly TimeSpan WaitTimeoutDefault = TimeSpan.FromSeconds(120);

    public static Command Create()
    {
        var command = new Command("deploy", "Prepare a three-host deployment and check on it (deploy/plover-deploy drives these).");
        command.Subcommands.Add(CreatePrepare());
        command.Subcommands.Add(CreateWait());
        command.Subcommands.Add(CreateStatus());
        return command;
    }

    private static Command CreatePrepare()
    {
        var hosts = new Option<string>("--hosts") { Description = "The three hosts' IP addresses, comma-separated (node N runs on the N-th).", Required = true };
        var guest = new Option<string>("--guest") { Description = "The prepared guest to serve, e.g. guests/build/kv.wasm.", Required = true };
        var output = new Option<string>("--out") { Description = "The bundle folder to write (kept: it holds the cluster CA key).", Required = true };
        var user = new Option<string?>("--user") { Description = "The SSH user the deployment logs in as (recorded in deploy.json)." };
        var mode = new Option<string>("--mode") { Description = $"Replication mode: {ModeNames.List<ReplicationMode>()}.", DefaultValueFactory = _ => "vsmr" };
        var nondeterminism = new Option<string>("--nondeterminism") { Description = $"{ModeNames.List<NondeterminismMode>()}.", DefaultValueFactory = _ => "deterministic" };
        var servicePort = new Option<int>("--service-port") { Description = "Clients' port on every host.", DefaultValueFactory = _ => DeploymentSpec.ServicePortDefault };
        var peerPort = new Option<int>("--peer-port") { Description = "Node-to-node (mutual TLS) port on every host.", DefaultValueFactory = _ => DeploymentSpec.PeerPortDefault };
        var statusPort = new Option<int>("--status-port") { Description = "Status endpoint (HTTP, bearer token) on every host.", DefaultValueFactory = _ => DeploymentSpec.StatusPortDefault };
        var install = new Option<string>("--install-dir") { Description = "Where the bundle goes on each host.", DefaultValueFactory = _ => DeploymentSpec.InstallDirectoryDefault };
        var command = new Command("prepare", "Write the deployment bundle: CA, certificates, node configs, run scripts, systemd units, guest.")
        {
            hosts, guest, output, user, mode, nondeterminism, servicePort, peerPort, statusPort, install,
        };
        command.SetAction(parse => Run(() =>
        {
            var request = new PrepareRequest(parse.GetValue(output)!, parse.GetValue(hosts)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                parse.GetValue(guest)!, parse.GetValue(user), ParseMode(parse.GetValue(mode)!),
                ParseNondeterminism(parse.GetValue(nondeterminism)!),
                parse.GetValue(servicePort), parse.GetValue(peerPort), parse.GetValue(statusPort), parse.GetValue(install)!);
            DeploymentSpec spec = BundleWriter.Prepare(request, DateTimeOffset.UtcNow);
            Console.WriteLine($"prepared cluster {spec.ClusterId} in {Path.GetFullPath(request.Output)}");
            foreach (uint node in DeploymentSpec.NodeIds)
                Console.WriteLine($"  node {node} on {spec.Host(node)}: clients {spec.Service(node)}, peers {spec.Peer(node)}, status http://{spec.Status(node)}/status");
            return 0;
        }));
        return command;
    }

    private static Option<string> BundleOption() => new("--bundle") { Description = "The bundle folder written by prepare (its deploy.json).", Required = true };

    private static Command CreateWait()
    {
        var bundle = BundleOption();
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait.", DefaultValueFactory = _ => (int)WaitTimeoutDefault.TotalSeconds };
        var command = new Command("wait", "Wait until exactly one node serves as primary and a majority answers.") { bundle, timeout };
        command.SetAction((parse, cancellation) => RunAsync(async () =>
        {
            using var probe = new DeploymentProbe(DeployFile.Read(new BundleLayout(parse.GetValue(bundle)!).DeployFile));
            IReadOnlyList<DeployedNodeStatus> statuses = await probe.WaitUntilServingAsync(TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellation);
            foreach (DeployedNodeStatus status in statuses) Console.WriteLine(status);
            return 0;
        }));
        return command;
    }

    private static Command CreateStatus()
    {
        var bundle = BundleOption();
        var json = new Option<bool>("--json") { Description = "One JSON document." };
        var command = new Command("status", "Each deployed node's role, health, epoch and slots; exit 1 unless one serves.") { bundle, json };
        command.SetAction((parse, cancellation) => RunAsync(async () =>
        {
            using var probe = new DeploymentProbe(DeployFile.Read(new BundleLayout(parse.GetValue(bundle)!).DeployFile));
            IReadOnlyList<DeployedNodeStatus> statuses = await probe.ReadAsync(cancellation);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(statuses, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
            else foreach (DeployedNodeStatus status in statuses) Console.WriteLine(status);
            return statuses.Count(s => s.Serving) == 1 ? 0 : ExitFailed;
        }));
        return command;
    }

    private static ReplicationMode ParseMode(string text) =>
        ModeNames.TryParse(text, out ReplicationMode value) ? value : throw new DeployException($"--mode '{text}' is not one of {ModeNames.List<ReplicationMode>()}");

    private static NondeterminismMode ParseNondeterminism(string text) =>
        ModeNames.TryParse(text, out NondeterminismMode value) ? value : throw new DeployException($"--nondeterminism '{text}' is not one of {ModeNames.List<NondeterminismMode>()}");

    private static int Run(Func<int> action) => RunAsync(() => Task.FromResult(action())).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is DeployException or IOException or UnauthorizedAccessException or Plover.Engine.Security.CertificateException)
        {
            Console.Error.WriteLine($"plover deploy: {e.Message}");
            return ExitFailed;
        }
    }
}
