using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>
/// Turns the (atim, mtim, fstflags) of the set_times functions into the two timespecs of
/// utimensat. "Now" is the library OS's realtime clock, so deterministic mode stays deterministic.
/// </summary>
internal static class FileTimes
{
    private const ulong NanosecondsPerSecond = 1_000_000_000;

    public static WasiErrno Build(
        ulong accessTimeNs, ulong modificationTimeNs, uint fstFlags, ulong nowNs,
        out LibC.Timespec access, out LibC.Timespec modification)
    {
        access = modification = default;
        if (fstFlags > (uint)WasiFstFlags.All) return WasiErrno.Inval;
        var flags = (WasiFstFlags)fstFlags;
        if (!TryOne(flags, WasiFstFlags.Atim, WasiFstFlags.AtimNow, accessTimeNs, nowNs, out access)) return WasiErrno.Inval;
        if (!TryOne(flags, WasiFstFlags.Mtim, WasiFstFlags.MtimNow, modificationTimeNs, nowNs, out modification))
            return WasiErrno.Inval;
        return WasiErrno.Success;
    }

    private static bool TryOne(WasiFstFlags flags, WasiFstFlags set, WasiFstFlags now, ulong valueNs, ulong nowNs, out LibC.Timespec time)
    {
        bool isSet = (flags & set) != 0, isNow = (flags & now) != 0;
        time = new LibC.Timespec { Nanoseconds = LinuxConstants.UtimeOmit };
        if (isSet && isNow) return false;
        if (isSet) time = At(valueNs);
        if (isNow) time = At(nowNs);
        return true;
    }

    private static LibC.Timespec At(ulong ns) =>
        new() { Seconds = (long)(ns / NanosecondsPerSecond), Nanoseconds = (long)(ns % NanosecondsPerSecond) };
}
