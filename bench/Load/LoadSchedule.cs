using System.Diagnostics;

namespace Plover.Bench.Load;

/// <summary>
/// The clock the connections of one run share: when load may start, whether new requests may be
/// issued, and the measured window in Stopwatch ticks. Written by the generator, read by every
/// connection once per batch of replies.
/// </summary>
internal sealed class LoadSchedule
{
    private readonly TaskCompletionSource loadStart = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int notReady;
    private long windowStart = long.MaxValue;
    private long windowEnd = long.MaxValue;
    private volatile bool issuing = true;

    public LoadSchedule(int connections)
    {
        notReady = connections;
    }

    /// <summary>Completes once every connection is connected and done with its prefill (or has failed).</summary>
    public Task AllReady => allReady.Task;

    public Task LoadStart => loadStart.Task;

    public bool Issuing => issuing;

    public long WindowStart => Volatile.Read(ref windowStart);

    public long WindowEnd => Volatile.Read(ref windowEnd);

    /// <summary>A connection reports in once, ready or failed; the last one releases <see cref="AllReady"/>.</summary>
    public void ArriveReady()
    {
        int left = Interlocked.Decrement(ref notReady);
        Invariant.Check(left >= 0, "each connection reports ready once");
        if (left == 0) allReady.TrySetResult();
    }

    public void StartLoad() => loadStart.TrySetResult();

    public long OpenWindow()
    {
        long now = Stopwatch.GetTimestamp();
        Volatile.Write(ref windowStart, now);
        return now;
    }

    public long CloseWindow()
    {
        long now = Stopwatch.GetTimestamp();
        Invariant.Check(now >= WindowStart, "the window closes after it opens");
        Volatile.Write(ref windowEnd, now);
        return now;
    }

    public void StopIssuing() => issuing = false;

    public static long TicksToNanoseconds(long ticks) =>
        Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * (1e9 / Stopwatch.Frequency));
}
