using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi;

/// <summary>What a poll on one descriptor reports: ready or not, and if so the event's fields.</summary>
internal readonly record struct FdReadiness(bool Ready, WasiErrno Error, ulong Bytes, WasiEventRwFlags Flags)
{
    public static FdReadiness NotReady => default;

    public static FdReadiness With(ulong bytes, WasiEventRwFlags flags = WasiEventRwFlags.None) => new(true, WasiErrno.Success, bytes, flags);

    public static FdReadiness Failed(WasiErrno error) => new(true, error, 0, WasiEventRwFlags.None);
}
