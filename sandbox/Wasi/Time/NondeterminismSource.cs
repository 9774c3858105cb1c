using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.State;

namespace Plover.Sandbox.Wasi.Time;

/// <summary>The library OS's clocks and random bytes, in one of the two modes.</summary>
internal abstract class NondeterminismSource
{
    public const byte DeterministicTag = 1;
    public const byte PassthroughTag = 2;

    /// <summary>Which mode, as recorded in a state blob.</summary>
    public abstract byte ModeTag { get; }

    /// <summary>Nanoseconds since 1970-01-01T00:00:00Z.</summary>
    public abstract ulong RealtimeNs();

    /// <summary>Nanoseconds since an unspecified origin; never decreases, even across restore.</summary>
    public abstract ulong MonotonicNs();

    public abstract ulong ResolutionNs(WasiClockId clock);

    public abstract void FillRandom(Span<byte> destination);

    public abstract void SetEventContext(long timestampNs, ulong seed);

    public abstract void WriteState(StateWriter writer);

    public abstract void ReadState(StateReader reader);

    public ulong NowNs(WasiClockId clock) => clock == WasiClockId.Realtime ? RealtimeNs() : MonotonicNs();
}
