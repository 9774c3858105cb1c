using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.State;

namespace Plover.Sandbox.Wasi.Time;

/// <summary>
/// Time and randomness taken only from the event being executed: the clocks read the event's
/// timestamp (monotonic never goes back, even if a new leader's clock does), and random bytes come
/// from xoshiro256** keyed by the event's seed.
/// </summary>
internal sealed class DeterministicSource : NondeterminismSource
{
    private ulong _realtimeNs;
    private ulong _monotonicNs;
    private Xoshiro256StarStar _random;

    public DeterministicSource(long initialTimestampNs, ulong initialSeed)
    {
        SetEventContext(initialTimestampNs, initialSeed);
    }

    public override byte ModeTag => DeterministicTag;

    public override ulong RealtimeNs() => _realtimeNs;

    public override ulong MonotonicNs() => _monotonicNs;

    public override ulong ResolutionNs(WasiClockId clock) => 1;

    public override void FillRandom(Span<byte> destination) => _random.Fill(destination);

    public override void SetEventContext(long timestampNs, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestampNs);
        _realtimeNs = (ulong)timestampNs;
        _monotonicNs = Math.Max(_monotonicNs, _realtimeNs);
        _random = Xoshiro256StarStar.FromSeed(seed);
    }

    public override void WriteState(StateWriter writer)
    {
        writer.U64(_realtimeNs);
        writer.U64(_monotonicNs);
        (ulong s0, ulong s1, ulong s2, ulong s3) = _random.State;
        writer.U64(s0);
        writer.U64(s1);
        writer.U64(s2);
        writer.U64(s3);
    }

    public override void ReadState(StateReader reader)
    {
        ulong realtime = reader.U64();
        int at = reader.Offset;
        ulong monotonic = reader.U64();
        if (monotonic < realtime) throw reader.Fail($"monotonic clock {monotonic} is behind the event time {realtime}", at);
        at = reader.Offset;
        ulong s0 = reader.U64(), s1 = reader.U64(), s2 = reader.U64(), s3 = reader.U64();
        if ((s0 | s1 | s2 | s3) == 0) throw reader.Fail("random generator state is all zero", at);
        _realtimeNs = realtime;
        _monotonicNs = monotonic;
        _random = new Xoshiro256StarStar(s0, s1, s2, s3);
    }
}
