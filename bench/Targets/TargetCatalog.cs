using Plover.Bench.Load;

namespace Plover.Bench.Targets;

/// <summary>
/// Every mode the bench knows, and whether it can run here for a workload. A mode that cannot
/// (a tool not installed, a guest not built, the cluster command not there yet, a server that
/// does not speak the workload's guest) is reported as skipped with the reason, never measured
/// some other way.
/// </summary>
public sealed class TargetCatalog(RepositoryLayout repository, WorkloadGuest guest, ClientEntry entry = ClientEntry.Primary) : ITargetCatalog
{
    public const string Redis = "redis";
    public const string RedisAof = "redis-aof";
    public const string KvNative = "kv-native";
    public const string NondetNative = "nondet-native";

    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(5);

    public static readonly IReadOnlyList<string> AllModes =
        [PloverMode.None, PloverMode.Smr, PloverMode.Remus, PloverMode.Vsmr, Redis, RedisAof, KvNative, NondetNative];

    private string? clusterMissing;
    private bool clusterProbed;

    /// <summary>The modes a comparison runs when none are named: the four Plover modes and the references for the workload's guest.</summary>
    public IReadOnlyList<string> DefaultModes => guest == WorkloadGuest.Kv
        ? [.. PloverMode.All, Redis, RedisAof, KvNative]
        : [.. PloverMode.All, NondetNative];

    public async Task<TargetAvailability> ResolveAsync(string mode, CancellationToken cancellation)
    {
        switch (mode)
        {
            case Redis or RedisAof:
                if (guest != WorkloadGuest.Kv) return TargetAvailability.Skipped(mode, $"redis-server does not run the {GuestName} guest's commands");
                if (ExecutablePath.Find(RedisTarget.DefaultExecutable) is null) return TargetAvailability.Skipped(mode, "redis-server is not installed: run scripts/setup");
                var persistence = mode == Redis ? RedisPersistence.None : RedisPersistence.AppendFsyncAlways;
                return TargetAvailability.Of(mode, () => new RedisTarget(persistence));
            case KvNative or NondetNative:
                string wanted = guest == WorkloadGuest.Kv ? KvNative : NondetNative;
                if (mode != wanted) return TargetAvailability.Skipped(mode, $"the {GuestName} workload runs against {wanted}, not {mode}");
                string binary = repository.Guest(mode);
                return File.Exists(binary)
                    ? TargetAvailability.Of(mode, () => new NativeGuestTarget(mode, binary))
                    : TargetAvailability.Skipped(mode, $"{binary} is not built: run scripts/setup");
            case var _ when PloverMode.IsPloverMode(mode):
                return await ResolveClusterAsync(mode, cancellation);
            default:
                return TargetAvailability.Skipped(mode, $"unknown mode (known: {string.Join(", ", AllModes)})");
        }
    }

    private string GuestName => guest.ToString().ToLowerInvariant();

    private async Task<TargetAvailability> ResolveClusterAsync(string mode, CancellationToken cancellation)
    {
        string wasm = repository.Guest($"{GuestName}.wasm");
        if (!File.Exists(wasm)) return TargetAvailability.Skipped(mode, $"{wasm} is not built: run scripts/setup");
        string? missing = await ClusterCommandMissingAsync(cancellation);
        return missing is null
            ? TargetAvailability.Of(mode, () => new PloverClusterTarget(repository, mode, wasm, guest == WorkloadGuest.Nondet ? "passthrough" : null, entry))
            : TargetAvailability.Skipped(mode, missing);
    }

    /// <summary>
    /// Asks the CLI itself whether it has <c>cluster up</c> with the options the bench passes (once per
    /// catalog): null if it does, else why not. Help is the probe because it starts nothing; but asked
    /// for the help of a command it does not have, the CLI shows its root help and exits 0, so the
    /// answer is read from the text (the command's usage line and its options), not the exit code.
    /// </summary>
    private async Task<string?> ClusterCommandMissingAsync(CancellationToken cancellation)
    {
        if (clusterProbed) return clusterMissing;
        CommandRun probe = await CommandRun.RunAsync(repository.Launcher, ["cluster", "up", "--help"], ProbeTimeout, cancellation);
        string[] lacking = PloverClusterTarget.UpOptions.Where(o => !probe.Output.Contains(o, StringComparison.Ordinal)).ToArray();
        clusterMissing = (probe.ExitCode, probe.Output.Contains("plover cluster up", StringComparison.Ordinal)) switch
        {
            (not 0, _) => $"the replication engine's `plover cluster up` is not available yet (`plover cluster up --help` exited with {probe.ExitCode}: {probe.FirstLine})",
            (_, false) => "the replication engine's `plover cluster up` is not available yet (the CLI has no such command)",
            _ when lacking.Length > 0 => $"`plover cluster up` lacks {string.Join(", ", lacking)}, which the bench passes",
            _ => null,
        };
        clusterProbed = true;
        return clusterMissing;
    }
}
