namespace Plover.Simulation;

/// <summary>
/// Records the run: a running 64-bit hash over every event (two runs of one seed must end with the
/// same hash) and the last few events for a failure report, described only when needed. With a
/// verbose writer, every event is also written out as it happens.
/// </summary>
internal sealed class TraceRecorder
{
    private readonly (long Time, SimEvent Event)[] _recent;
    private readonly TextWriter? _verbose;
    private int _next;
    private int _kept;
    private ulong _hash = 0xCBF29CE484222325UL;

    public TraceRecorder(int recentCount, TextWriter? verbose)
    {
        _recent = new (long, SimEvent)[Math.Max(recentCount, 1)];
        _verbose = verbose;
    }

    public ulong Hash => _hash;

    public long EventCount { get; private set; }

    public void Mix(ulong value)
    {
        _hash ^= value;
        _hash *= 0x100000001B3UL;
        _hash ^= _hash >> 29;
    }

    public void Mix(long value) => Mix((ulong)value);

    /// <summary>Counts one event, mixes it into the hash and keeps it for the failure report.</summary>
    public void Record(long time, SimEvent simEvent)
    {
        EventCount++;
        Mix(time);
        simEvent.MixInto(this);
        _recent[_next] = (time, simEvent);
        _next = (_next + 1) % _recent.Length;
        _kept = Math.Min(_kept + 1, _recent.Length);
        _verbose?.WriteLine(Format(time, simEvent));
    }

    /// <summary>The kept events, oldest first, one line each.</summary>
    public IReadOnlyList<string> Recent()
    {
        var lines = new List<string>(_kept);
        int start = (_next - _kept + _recent.Length) % _recent.Length;
        for (int i = 0; i < _kept; i++)
        {
            (long time, SimEvent simEvent) = _recent[(start + i) % _recent.Length];
            lines.Add(Format(time, simEvent));
        }
        return lines;
    }

    private static string Format(long time, SimEvent simEvent) => $"{time / 1000.0,11:F3} ms  {simEvent.Describe()}";
}
