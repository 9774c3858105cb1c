namespace Plover.Bench.Load;

/// <summary>Which guest a workload drives; it decides what a valid GET reply looks like.</summary>
public enum WorkloadGuest
{
    /// <summary>The kv guest (and Redis): GET returns a bulk string or nil.</summary>
    Kv,
    /// <summary>The nondet guest: GET returns [value, stamp, token] or nil; SET stamps the clock and entropy.</summary>
    Nondet,
}
