using System.Globalization;

namespace Plover.Bench.Metrics;

/// <summary>
/// CPU time (user + system, all threads) of a process, from utime and stime in /proc/PID/stat,
/// in units of sysconf(_SC_CLK_TCK).
/// </summary>
public static class ProcessCpuTime
{
    private const int UtimeIndex = 11; // fields after "pid (comm) ": state is 0, utime (field 14) is 11
    private const int StimeIndex = 12;

    public static long ClockTicksPerSecond { get; } = LibC.ClockTicksPerSecond();

    /// <exception cref="ProcessGoneException">the process does not exist (any more)</exception>
    public static TimeSpan Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            throw new ProcessGoneException(pid, e);
        }
        return Parse(stat, ClockTicksPerSecond, $"/proc/{pid}/stat");
    }

    public static TimeSpan Total(IEnumerable<int> pids) => pids.Aggregate(TimeSpan.Zero, (sum, pid) => sum + Read(pid));

    /// <summary>
    /// Parses a stat line. The command name sits in parentheses and may itself hold spaces and
    /// parentheses, so the fields are counted from the last ')'.
    /// </summary>
    public static TimeSpan Parse(string stat, long ticksPerSecond, string source)
    {
        int close = stat.LastIndexOf(')');
        if (close < 0) throw new FormatException($"{source}: no ')' closing the command name");
        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length <= StimeIndex) throw new FormatException($"{source}: {fields.Length} fields after the command name, expected more than {StimeIndex}");
        long Field(int i) => long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new FormatException($"{source}: field {i + 3} '{fields[i]}' is not a tick count");
        long ticks = Field(UtimeIndex) + Field(StimeIndex);
        return TimeSpan.FromSeconds((double)ticks / ticksPerSecond);
    }
}

/// <summary>A process whose CPU time was asked for no longer exists.</summary>
public sealed class ProcessGoneException(int pid, Exception inner) : Exception($"process {pid} does not exist (it exited or was never started)", inner)
{
    public int Pid { get; } = pid;
}
