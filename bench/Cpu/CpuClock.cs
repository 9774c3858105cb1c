using System.Runtime.InteropServices;

namespace Plover.Bench.Cpu;

/// <summary>
/// CPU time (user + system) of the calling thread and of reaped child processes. On a shared
/// machine wall time mostly measures the neighbours; CPU time measures the work.
/// </summary>
internal static partial class CpuClock
{
    private const int ClockThreadCpuTime = 3;
    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    // struct rusage: two timevals followed by 14 longs.
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Rusage
    {
        public TimeVal User;
        public TimeVal System;
        public fixed long Rest[14];
    }

    public static TimeSpan CurrentThread()
    {
        if (clock_gettime(ClockThreadCpuTime, out TimeSpec now) != 0) throw new InvalidOperationException($"clock_gettime failed (errno {Marshal.GetLastPInvokeError()})");
        return TimeSpan.FromTicks(now.Seconds * TimeSpan.TicksPerSecond + now.Nanoseconds / 100);
    }

    /// <summary>Total CPU time of every child process this process has waited for.</summary>
    public static TimeSpan ReapedChildren()
    {
        if (getrusage(RusageChildren, out Rusage usage) != 0) throw new InvalidOperationException($"getrusage failed (errno {Marshal.GetLastPInvokeError()})");
        long micros = (usage.User.Seconds + usage.System.Seconds) * 1_000_000 + usage.User.Microseconds + usage.System.Microseconds;
        return TimeSpan.FromTicks(micros * 10);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clock, out TimeSpec time);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out Rusage usage);
}
