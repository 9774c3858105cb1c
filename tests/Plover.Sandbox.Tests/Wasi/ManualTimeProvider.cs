namespace Plover.Sandbox.Tests.Wasi;

/// <summary>A host clock the test moves by hand, for the passthrough mode.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private long _timestamp = 1_000_000;

    public override long TimestampFrequency => 1_000_000_000;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _timestamp;

    public void Advance(TimeSpan by)
    {
        _now += by;
        _timestamp += (long)(by.TotalSeconds * 1_000_000_000);
    }

    /// <summary>The wall clock jumps back (an NTP step); the monotonic clock does not.</summary>
    public void StepWallClockBack(TimeSpan by) => _now -= by;
}
