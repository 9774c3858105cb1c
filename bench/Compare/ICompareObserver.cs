using Plover.Bench.Load;

namespace Plover.Bench.Compare;

/// <summary>What a comparison reports while it runs (for a progress display). Called from any thread, never concurrently.</summary>
public interface ICompareObserver
{
    void ModeSkipped(string mode, string reason);
    void RunStarted(string mode, int run, int runs);
    void PhaseChanged(string mode, int run, LoadPhase phase);
    void RunMeasured(string mode, RunMeasurement measurement);
    void ModeFailed(string mode, int run, string reason);
}
