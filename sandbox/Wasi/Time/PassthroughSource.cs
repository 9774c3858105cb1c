using System.Security.Cryptography;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.State;

namespace Plover.Sandbox.Wasi.Time;

/// <summary>
/// The host's clocks and randomness. The monotonic clock is the host's, offset so that it
/// continues from the captured value after a restore (possibly on another host) and never
/// decreases.
/// </summary>
internal sealed class PassthroughSource(TimeProvider time) : NondeterminismSource
{
    private const ulong NanosecondsPerSecond = 1_000_000_000;
    private const ulong NanosecondsPerTick = 100;
    private const long UnixEpochTicks = 621_355_968_000_000_000;

    private ulong _monotonicBaseNs;
    private long _hostTimestampAtBase = time.GetTimestamp();
    private ulong _lastMonotonicNs;

    public override byte ModeTag => PassthroughTag;

    public override ulong RealtimeNs()
    {
        long ticks = time.GetUtcNow().UtcTicks - UnixEpochTicks;
        return ticks <= 0 ? 0 : (ulong)ticks * NanosecondsPerTick;
    }

    public override ulong MonotonicNs()
    {
        long elapsedTicks = time.GetTimestamp() - _hostTimestampAtBase;
        ulong elapsedNs = elapsedTicks <= 0 ? 0 : (ulong)((UInt128)(ulong)elapsedTicks * NanosecondsPerSecond / (ulong)time.TimestampFrequency);
        _lastMonotonicNs = Math.Max(_lastMonotonicNs, _monotonicBaseNs + elapsedNs);
        return _lastMonotonicNs;
    }

    public override ulong ResolutionNs(WasiClockId clock) =>
        clock == WasiClockId.Realtime ? NanosecondsPerTick : Math.Max(1, NanosecondsPerSecond / (ulong)time.TimestampFrequency);

    public override void FillRandom(Span<byte> destination) => RandomNumberGenerator.Fill(destination);

    public override void SetEventContext(long timestampNs, ulong seed) =>
        throw new InvalidOperationException("the library OS runs in passthrough mode: time and randomness come from the host, not from events");

    // The last value the guest saw, not a fresh reading: capturing twice with no guest activity
    // in between gives identical bytes.
    public override void WriteState(StateWriter writer) => writer.U64(_lastMonotonicNs);

    public override void ReadState(StateReader reader)
    {
        _monotonicBaseNs = reader.U64();
        _lastMonotonicNs = _monotonicBaseNs;
        _hostTimestampAtBase = time.GetTimestamp();
    }
}
