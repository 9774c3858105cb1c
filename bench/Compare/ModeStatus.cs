namespace Plover.Bench.Compare;

public enum ModeStatus
{
    /// <summary>Every run completed without errors.</summary>
    Measured,
    /// <summary>The mode cannot run here (not built, not installed, not applicable); nothing was measured.</summary>
    Skipped,
    /// <summary>A run failed (start, errors, crash); the runs before it are kept but no figure is reported.</summary>
    Failed,
}
