using System.Runtime.InteropServices;

namespace Plover.Bench.Metrics;

/// <summary>The few glibc calls the bench needs that .NET does not expose.</summary>
internal static partial class LibC
{
    private const string Library = "libc.so.6";
    private const int ScClkTck = 2; // _SC_CLK_TCK in glibc's <bits/confname.h>

    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport(Library, EntryPoint = "sysconf", SetLastError = true)]
    private static partial long Sysconf(int name);

    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>sysconf(_SC_CLK_TCK): the unit of utime and stime in /proc/PID/stat.</summary>
    public static long ClockTicksPerSecond()
    {
        long ticks = Sysconf(ScClkTck);
        return ticks > 0 ? ticks : throw new InvalidOperationException($"sysconf(_SC_CLK_TCK) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Sends <paramref name="signal"/>; false if the process no longer exists.</summary>
    public static bool Signal(int pid, int signal)
    {
        if (Kill(pid, signal) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        const int NoSuchProcess = 3; // ESRCH
        return errno == NoSuchProcess ? false : throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {errno}");
    }
}
