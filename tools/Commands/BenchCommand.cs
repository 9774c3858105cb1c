using System.CommandLine;
using System.Globalization;
using Plover.Bench;
using Plover.Bench.Compare;
using Plover.Bench.Display;
using Plover.Bench.Drivers;
using Plover.Bench.Load;
using Plover.Bench.Reports;
using Plover.Bench.Targets;
using Spectre.Console;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover bench`: the benchmarks. A parent command: `compare` lives here; other benchmarks join
/// as sibling sub-commands through <see cref="Create"/>'s arguments (e.g. bench cpu, bench consensus).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(params Command[] more)
    {
        var bench = new Command("bench", "Benchmarks: throughput and latency of Plover's modes against unreplicated references.");
        bench.Subcommands.Add(CreateCompare());
        foreach (Command command in more) bench.Subcommands.Add(command);
        return bench;
    }

    private static Command CreateCompare()
    {
        var duration = new Option<double>("--duration") { Description = "Measured seconds per run.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of load before each run's measurement.", DefaultValueFactory = _ => 2 };
        var clients = new Option<int>("--clients") { Description = "Client connections.", DefaultValueFactory = _ => 50 };
        var pipeline = new Option<int>("--pipeline") { Description = "Requests each connection keeps in flight.", DefaultValueFactory = _ => 1 };
        var valueSize = new Option<int>("--value-size") { Description = "Bytes per value.", DefaultValueFactory = _ => 100 };
        var readRatio = new Option<double>("--read-ratio") { Description = "Fraction of requests that are GETs (the rest are SETs).", DefaultValueFactory = _ => 0.5 };
        var keys = new Option<long>("--keys") { Description = "Size of the key space.", DefaultValueFactory = _ => 10_000 };
        var runs = new Option<int>("--runs") { Description = "Runs per mode, each on a fresh target; figures are their median.", DefaultValueFactory = _ => 3 };
        var modes = new Option<string?>("--modes") { Description = $"Comma-separated modes, in report order (default: all for the workload). Known: {string.Join(",", TargetCatalog.AllModes)}." };
        var workload = new Option<string>("--workload") { Description = "kv (SET/GET on the kv guest) or nondet (the nondet guest, clock- and entropy-stamped writes).", DefaultValueFactory = _ => "kv" };
        var driver = new Option<string>("--driver") { Description = "plover (this project's load generator) or redis-benchmark.", DefaultValueFactory = _ => LoadGenerator.DriverName };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the key and operation sequence.", DefaultValueFactory = _ => 1 };
        var entry = new Option<string>("--entry")
        {
            Description = "Where a replicated cluster's clients connect: primary (the serving primary, as clients of a primary-backup service do) or all (spread over the three nodes; backups forward).",
            DefaultValueFactory = _ => "primary",
        };
        entry.AcceptOnlyFromAmong("primary", "all");
        var noPrefill = new Option<bool>("--no-prefill") { Description = "Do not write every key once before the warm-up." };
        var output = new Option<string?>("--out") { Description = "Folder for results.md, results.json and results.png (default: bench/results)." };
        workload.AcceptOnlyFromAmong("kv", "nondet");
        driver.AcceptOnlyFromAmong(LoadGenerator.DriverName, RedisBenchmarkDriver.DriverName);
        var compare = new Command("compare", "Run the same workload against each mode in turn and write a table, a JSON file and a chart.")
        {
            duration, warmup, clients, pipeline, valueSize, readRatio, keys, runs, modes, workload, driver, entry, seed, noPrefill, output,
        };
        compare.SetAction((parse, cancellation) =>
        {
            var options = new ComparisonOptions
            {
                Runs = parse.GetValue(runs),
                Modes = parse.GetValue(modes)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Load = new LoadOptions
                {
                    Endpoints = [],
                    Connections = parse.GetValue(clients),
                    Pipeline = parse.GetValue(pipeline),
                    Warmup = TimeSpan.FromSeconds(parse.GetValue(warmup)),
                    Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
                    Prefill = !parse.GetValue(noPrefill),
                    Workload = new Workload
                    {
                        Guest = ParseGuest(parse.GetValue(workload)!),
                        ReadRatio = parse.GetValue(readRatio),
                        Keys = parse.GetValue(keys),
                        ValueBytes = parse.GetValue(valueSize),
                        Seed = parse.GetValue(seed),
                    },
                },
            };
            ClientEntry clientEntry = parse.GetValue(entry) == "all" ? ClientEntry.AllNodes : ClientEntry.Primary;
            return RunCompareAsync(options, parse.GetValue(driver)!, clientEntry, parse.GetValue(output), cancellation);
        });
        return compare;
    }

    private static async Task<int> RunCompareAsync(ComparisonOptions options, string driverName, ClientEntry entry, string? output, CancellationToken cancellation)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bench compare: {e.Message}");
            return 2;
        }
        ILoadDriver driver = driverName switch
        {
            LoadGenerator.DriverName => new PloverLoadDriver(),
            RedisBenchmarkDriver.DriverName => new RedisBenchmarkDriver(),
            _ => throw new ArgumentException($"--driver must be {LoadGenerator.DriverName} or {RedisBenchmarkDriver.DriverName}, not '{driverName}'"),
        };
        RepositoryLayout repository = RepositoryLayout.Find();
        string folder = Path.GetFullPath(output ?? repository.DefaultResults);
        var catalog = new TargetCatalog(repository, options.Load.Workload.Guest, entry);
        Task<CompareReport> Run(ICompareObserver observer) => new CompareRunner(options, catalog, driver, observer).RunAsync(cancellation);
        CompareReport report = AnsiConsole.Profile.Capabilities.Interactive
            ? await SpectreCompareProgress.ShowAsync(options.Load.Duration, Run)
            : await Run(new TextCompareProgress(Console.Out));

        (string? chart, string? chartProblem) = await ReportFiles.WriteAsync(report, folder, cancellation);
        Console.WriteLine();
        Console.Write(MarkdownReport.Render(report));
        Console.WriteLine();
        Console.WriteLine($"wrote {Path.Combine(folder, ReportFiles.Markdown)}, {Path.Combine(folder, ReportFiles.Json)}" +
                          (chart is null ? "" : $" and {chart}"));
        if (chartProblem is not null && report.Modes.Any(m => m.HasFigures)) Console.Error.WriteLine($"bench compare: no chart: {chartProblem}");
        bool measuredAny = report.Modes.Any(m => m.HasFigures);
        return report.AnyFailed || !measuredAny || (chartProblem is not null && measuredAny) ? 1 : 0;
    }

    private static WorkloadGuest ParseGuest(string name) => name.ToLower(CultureInfo.InvariantCulture) switch
    {
        "kv" => WorkloadGuest.Kv,
        "nondet" => WorkloadGuest.Nondet,
        _ => throw new ArgumentException($"--workload must be kv or nondet, not '{name}'"),
    };
}
