using System.Net;

namespace Plover.Bench.Load;

/// <summary>How the closed-loop load generator drives a server.</summary>
public sealed record LoadOptions
{
    public const int ConnectionsMax = 10_000;
    public const int PipelineMax = 10_000;

    /// <summary>Bytes one connection may have in flight (requests or replies): bounds its buffers.</summary>
    public const long InFlightBytesMax = 64L << 20;

    /// <summary>The endpoints; connection i goes to endpoint i modulo their count.</summary>
    public required IReadOnlyList<IPEndPoint> Endpoints { get; init; }
    public int Connections { get; init; } = 50;
    /// <summary>Requests each connection keeps in flight.</summary>
    public int Pipeline { get; init; } = 1;
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Write every key once before the warm-up, so that GETs find values.</summary>
    public bool Prefill { get; init; } = true;
    /// <summary>How long requests still in flight at the end may take before they count as unanswered.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public Workload Workload { get; init; } = new();

    /// <summary>Checks everything, endpoints included (what a run needs).</summary>
    public void Validate(int requestBytesMax, int replyBytesMax)
    {
        if (Endpoints.Count == 0) throw new ArgumentException("the load needs at least one endpoint", nameof(Endpoints));
        ValidateSettings(requestBytesMax, replyBytesMax);
    }

    /// <summary>Checks everything but the endpoints (what a comparison can check before any target exists).</summary>
    public void ValidateSettings(int requestBytesMax, int replyBytesMax)
    {
        Workload.Validate();
        if (Connections < 1 || Connections > ConnectionsMax)
            throw new ArgumentOutOfRangeException(nameof(Connections), Connections, $"1 to {ConnectionsMax} connections");
        if (Pipeline < 1 || Pipeline > PipelineMax)
            throw new ArgumentOutOfRangeException(nameof(Pipeline), Pipeline, $"a pipeline of 1 to {PipelineMax} requests");
        long inFlight = (long)Pipeline * Math.Max(requestBytesMax, replyBytesMax);
        if (inFlight > InFlightBytesMax)
            throw new ArgumentOutOfRangeException(nameof(Pipeline), Pipeline,
                $"{Pipeline} requests of up to {Math.Max(requestBytesMax, replyBytesMax)} bytes in flight exceed {InFlightBytesMax} bytes per connection");
        if (Warmup < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Warmup), Warmup, "the warm-up cannot be negative");
        if (Duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "the measured duration must be positive");
        if (DrainTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(DrainTimeout), DrainTimeout, "the drain timeout must be positive");
    }
}
