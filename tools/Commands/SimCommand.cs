using System.CommandLine;
using Plover.Simulation;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover sim`: runs the deterministic consensus simulator. With --seeds it runs a campaign of
/// seeds (each a full safety-then-liveness run with the seed's faults), prints a report for every
/// failing seed and closes with "N passed, M failed"; with --seed it replays one seed, and
/// --verbose prints every event of it.
/// </summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var seeds = new Option<int>("--seeds") { Description = "How many seeds to run.", DefaultValueFactory = _ => 100 };
        var seedStart = new Option<ulong>("--seed-start") { Description = "The first seed of the campaign.", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong?>("--seed") { Description = "Run this one seed (replays it exactly) and print its report." };
        var verbose = new Option<bool>("--verbose") { Description = "With --seed: print every event as it happens." };
        var replay = new Option<bool>("--check-replay") { Description = "Run every seed twice and require identical traces." };
        var parallel = new Option<int>("--parallel") { Description = "Seeds run at once (each is single-threaded).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("sim", "Run the deterministic Multi-Paxos simulator over many seeds, or replay one.")
        {
            seeds, seedStart, seed, verbose, replay, parallel,
        };
        command.SetAction(parse => parse.GetValue(seed) is { } one
            ? RunOne(one, parse.GetValue(verbose))
            : RunCampaign(parse.GetValue(seedStart), parse.GetValue(seeds), parse.GetValue(replay), parse.GetValue(parallel)));
        return command;
    }

    private static int RunOne(ulong seed, bool verbose)
    {
        SimulationResult result = SeedCampaign.RunSeed(seed, new SimulationOptions { Verbose = verbose ? Console.Out : null }, checkReplay: false);
        Console.Write(result.Report());
        Console.WriteLine(result.Passed ? "1 passed, 0 failed" : "0 passed, 1 failed");
        return result.Passed ? 0 : 1;
    }

    private static int RunCampaign(ulong seedStart, int count, bool checkReplay, int parallelism)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "--seeds must be at least 1");
        Console.WriteLine($"simulating seeds {seedStart}..{seedStart + (ulong)count - 1}{(checkReplay ? ", each twice" : "")} on {parallelism} thread(s)");
        CampaignResult result = SeedCampaign.Run(seedStart, count, _ => new SimulationOptions(), checkReplay, parallelism, failure => Console.Write(failure.Report()));
        Console.WriteLine($"{result.Events:N0} events in {result.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine(result.Summary);
        return result.Failed == 0 ? 0 : 1;
    }
}
