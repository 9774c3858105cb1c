using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi;

/// <summary>A descriptor a blocked call waits on, for reading or for writing.</summary>
public readonly record struct WasiFdInterest(int Fd, bool Write);

/// <summary>A time at which a blocked <c>poll_oneoff</c> completes, on one clock.</summary>
public readonly record struct WasiDeadline(WasiClockId Clock, ulong AtNs);

/// <summary>
/// The call that last returned <see cref="WasiCallResult.Blocked"/>: what it waits for, and the
/// clock readings when it first blocked. Calling the same function with the same arguments
/// again reuses those readings, so a relative <c>poll_oneoff</c> timeout counts from the first
/// attempt, not from each retry. Part of the captured state.
/// </summary>
public sealed class WasiBlockedCall
{
    internal WasiBlockedCall(
        string function, ulong[] arguments, ulong startRealtimeNs, ulong startMonotonicNs,
        IReadOnlyList<WasiFdInterest> fdInterests, IReadOnlyList<WasiDeadline> deadlines)
    {
        Function = function;
        Arguments = arguments;
        StartRealtimeNs = startRealtimeNs;
        StartMonotonicNs = startMonotonicNs;
        FdInterests = fdInterests;
        Deadlines = deadlines;
    }

    /// <summary>The WASI function name, e.g. <c>poll_oneoff</c>.</summary>
    public string Function { get; }

    /// <summary>Its wasm-level arguments, each widened to 64 bits.</summary>
    public IReadOnlyList<ulong> Arguments { get; }

    public ulong StartRealtimeNs { get; }

    public ulong StartMonotonicNs { get; }

    public IReadOnlyList<WasiFdInterest> FdInterests { get; }

    public IReadOnlyList<WasiDeadline> Deadlines { get; }

    internal bool Matches(string function, ReadOnlySpan<ulong> arguments) =>
        Function == function && arguments.SequenceEqual(((ulong[])Arguments).AsSpan());
}
