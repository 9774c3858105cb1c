using Plover.Bench.Compare;
using Plover.Bench.Load;

namespace Plover.Bench.Tests.Compare;

/// <summary>Keeps every progress event of a comparison as a line, in order.</summary>
internal sealed class RecordingObserver : ICompareObserver
{
    private readonly List<string> events = [];

    public IReadOnlyList<string> Events
    {
        get { lock (events) return [.. events]; }
    }

    public void ModeSkipped(string mode, string reason) => Add($"{mode} skipped: {reason}");
    public void RunStarted(string mode, int run, int runs) => Add($"{mode} run {run}/{runs}");
    public void PhaseChanged(string mode, int run, LoadPhase phase) => Add($"{mode} run {run} {phase}");
    public void RunMeasured(string mode, RunMeasurement measurement) => Add($"{mode} run {measurement.Run} measured");
    public void ModeFailed(string mode, int run, string reason) => Add($"{mode} run {run} failed: {reason}");

    private void Add(string line)
    {
        lock (events) events.Add(line);
    }
}
