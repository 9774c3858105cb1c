using System.Globalization;
using Plover.Bench.Compare;
using Plover.Bench.Load;

namespace Plover.Bench.Display;

/// <summary>Progress as plain lines, for logs and output that is not a terminal.</summary>
public sealed class TextCompareProgress(TextWriter output) : ICompareObserver
{
    public void ModeSkipped(string mode, string reason) => output.WriteLine($"{mode}: skipped: {reason}");

    public void RunStarted(string mode, int run, int runs) => output.WriteLine($"{mode}: run {run} of {runs}");

    public void PhaseChanged(string mode, int run, LoadPhase phase) => output.WriteLine($"{mode}: run {run}: {phase.ToString().ToLowerInvariant()}");

    public void RunMeasured(string mode, RunMeasurement m) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mode}: run {m.Run}: {m.ThroughputOpsPerSecond:#,0} ops/s, p50 {m.Latency.P50Ms:0.###} ms, p99 {m.Latency.P99Ms:0.###} ms, {m.Replication.TotalBytes:0.#} bytes between nodes per op"));

    public void ModeFailed(string mode, int run, string reason) => output.WriteLine($"{mode}: FAILED in run {run}: {reason}");
}
