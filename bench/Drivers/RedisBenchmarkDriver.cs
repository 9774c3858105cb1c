using System.Diagnostics;
using System.Globalization;
using Plover.Bench.Load;
using Plover.Bench.Targets;

namespace Plover.Bench.Drivers;

/// <summary>
/// Drives a target with Debian's redis-benchmark, a client Plover did not write, so the load
/// generator's figures can be checked against it. redis-benchmark runs a fixed request count per
/// command, so a short calibration run (which doubles as the warm-up) sizes the measured runs to
/// last about the requested duration. It talks to one endpoint: the target's first.
/// </summary>
public sealed class RedisBenchmarkDriver(string executable = RedisBenchmarkDriver.DefaultExecutable) : ILoadDriver
{
    public const string DriverName = "redis-benchmark";
    public const string DefaultExecutable = "redis-benchmark";
    public const long CalibrationRequestsMin = 20_000;
    public const long RequestsMax = 500_000_000;
    public static readonly TimeSpan RunTimeoutSlack = TimeSpan.FromMinutes(2);

    public string Name => DriverName;

    public async Task<LoadResult> RunAsync(IBenchTarget target, LoadOptions settings, IMeasurementWindow window, Action<LoadPhase>? onPhase, CancellationToken cancellation)
    {
        settings.Workload.Validate();
        (string Command, double Share)[] mix = [("set", 1 - settings.Workload.ReadRatio), ("get", settings.Workload.ReadRatio)];
        mix = mix.Where(m => m.Share > 0).ToArray();

        onPhase?.Invoke(LoadPhase.Warmup);
        double rate = 0;
        foreach ((string command, double share) in mix)
        {
            long calibration = Math.Max(CalibrationRequestsMin, (long)settings.Connections * settings.Pipeline * 50);
            RedisBenchmarkRow row = await RunOneAsync(target, settings, command, calibration, settings.Duration, cancellation);
            rate += share / row.RequestsPerSecond;
        }
        long total = Math.Clamp((long)(settings.Duration.TotalSeconds / rate), mix.Length, RequestsMax);

        await window.OpenAsync(cancellation);
        onPhase?.Invoke(LoadPhase.Measure);
        var measured = new List<(RedisBenchmarkRow, long)>();
        var wall = Stopwatch.StartNew();
        try
        {
            foreach ((string command, double share) in mix)
            {
                long requests = Math.Max(1, (long)Math.Round(total * share));
                measured.Add((await RunOneAsync(target, settings, command, requests, settings.Duration, cancellation), requests));
            }
        }
        finally
        {
            wall.Stop();
            await window.CloseAsync(cancellation);
        }
        return RedisBenchmarkMix.Combine(measured, wall.Elapsed);
    }

    private async Task<RedisBenchmarkRow> RunOneAsync(IBenchTarget target, LoadOptions settings, string command, long requests, TimeSpan expected, CancellationToken cancellation)
    {
        var endpoint = target.Endpoints[0];
        string[] arguments =
        [
            "-h", endpoint.Address.ToString(), "-p", Text(endpoint.Port), "-c", Text(settings.Connections), "-P", Text(settings.Pipeline),
            "-n", Text(requests), "-d", Text(settings.Workload.ValueBytes), "-r", Text(settings.Workload.Keys), "-t", command, "--csv",
        ];
        CommandRun run = await CommandRun.RunAsync(executable, arguments, expected * 4 + RunTimeoutSlack, cancellation);
        if (run.ExitCode != 0 || run.StandardError.Contains("Error", StringComparison.OrdinalIgnoreCase))
            throw new RedisBenchmarkFailedException(command, run.ExitCode, run.Output);
        IReadOnlyList<RedisBenchmarkRow> rows = RedisBenchmarkCsv.Parse(run.StandardOutput);
        if (rows.Count != 1 || !rows[0].Test.Equals(command, StringComparison.OrdinalIgnoreCase))
            throw new RedisBenchmarkFormatException(0, $"asked for the {command} test, got {string.Join(", ", rows.Select(r => r.Test))}");
        return rows[0];
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>redis-benchmark exited with an error or reported errors from the server.</summary>
public sealed class RedisBenchmarkFailedException(string test, int exitCode, string output)
    : Exception($"redis-benchmark -t {test} exited with {exitCode}: {output.Trim()}")
{
    public int ExitCode { get; } = exitCode;
}
