namespace Plover.Bench.Load;

/// <summary>The stages of one load run, in order.</summary>
public enum LoadPhase
{
    /// <summary>Opening the connections and, if asked, writing every key once.</summary>
    Prefill,
    /// <summary>Full load, not yet measured.</summary>
    Warmup,
    /// <summary>Full load, every completed request measured.</summary>
    Measure,
    /// <summary>No new requests; waiting for those in flight.</summary>
    Drain,
}
