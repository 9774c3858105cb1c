using System.CommandLine;
using System.Security.Cryptography;
using Plover.Faults;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover torture`: the long fault test. Three real nodes (in network namespaces when the host
/// allows), recording clients and a seeded fault schedule for --duration seconds; prints each
/// fault as it goes and closes with the operations checked, the faults by kind and
/// "N passed, M failed" over the checks. A failure prints the seed that replays its schedule.
/// </summary>
internal static class TortureCommand
{
    public static Command Create()
    {
        var duration = new Option<int>("--duration") { Description = "Seconds of faults (the checks follow).", DefaultValueFactory = _ => 600 };
        var seed = new Option<ulong?>("--seed") { Description = "The schedule's seed (a random one when absent; printed either way)." };
        var guest = new Option<string>("--guest") { Description = "The guest to serve (a kv-compatible RESP service).", DefaultValueFactory = _ => DefaultGuest() };
        var clients = new Option<int>("--clients") { Description = "Concurrent recording clients.", DefaultValueFactory = _ => TortureOptions.ClientsDefault };
        var data = new Option<string?>("--data") { Description = "Folder for the nodes' stores and logs (a temporary one, deleted on success, when absent)." };
        var command = new Command("torture", "Run three real nodes under a seeded fault schedule with recording clients, then check linearizability, acknowledged writes and digests.")
        {
            duration, seed, guest, clients, data,
        };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(duration), parse.GetValue(seed), parse.GetValue(guest)!,
            parse.GetValue(clients), parse.GetValue(data), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(int seconds, ulong? seed, string guest, int clients, string? data, CancellationToken cancellation)
    {
        if (seconds < 1) throw new ArgumentOutOfRangeException(nameof(seconds), "--duration must be at least 1 second");
        if (clients < 1) throw new ArgumentOutOfRangeException(nameof(clients), "--clients must be at least 1");
        if (!File.Exists(guest))
        {
            Console.Error.WriteLine($"plover torture: the guest {guest} does not exist (run scripts/setup to build the guests)");
            return 2;
        }
        ulong chosen = seed ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        var options = new TortureOptions(TimeSpan.FromSeconds(seconds), chosen, Path.GetFullPath(guest), ClusterCommand.NodeCommandLine())
        {
            Clients = clients,
            WorkDirectory = data is null ? null : Path.GetFullPath(data),
        };
        Console.WriteLine($"plover torture: seed {chosen}, {seconds} s of faults, {clients} clients");
        try
        {
            TortureReport report = await new TortureRun(options, Console.Out).RunAsync(cancellation);
            Console.WriteLine(report.Summary());
            return report.AllPassed ? 0 : 1;
        }
        catch (FaultHarnessException e)
        {
            Console.Error.WriteLine($"plover torture: the harness failed (seed {chosen}): {e.Message}");
            Console.WriteLine("0 passed, 1 failed");
            return 1;
        }
    }

    /// <summary>guests/build/kv.wasm of the repository this CLI was built in, found by walking up from the program.</summary>
    private static string DefaultGuest()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Plover.sln"))) return Path.Combine(dir, "guests", "build", "kv.wasm");
        return Path.Combine("guests", "build", "kv.wasm");
    }
}
