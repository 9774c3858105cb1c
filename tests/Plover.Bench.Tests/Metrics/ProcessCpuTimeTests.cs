using System.Diagnostics;
using Plover.Bench.Metrics;

namespace Plover.Bench.Tests.Metrics;

public sealed class ProcessCpuTimeTests
{
    [Fact]
    public void Utime_and_stime_are_read_after_the_last_parenthesis_even_when_the_name_holds_some()
    {
        const string stat = "4242 (a) b) (c) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 3 4 20 0 1 0 123 1000 10 18446744073709551615";
        Assert.Equal(TimeSpan.FromSeconds(3.25), ProcessCpuTime.Parse(stat, 100, "test"));
        Assert.Equal(TimeSpan.FromSeconds(0.325), ProcessCpuTime.Parse(stat, 1000, "test"));
    }

    [Theory]
    [InlineData("4242 no parenthesis here", "no ')'")]
    [InlineData("4242 (x) S 1 2", "fields after the command name")]
    [InlineData("4242 (x) S 1 4242 4242 0 -1 4194560 100 0 0 0 2x5 75", "field 14 '2x5' is not a tick count")]
    public void A_stat_line_that_cannot_be_read_is_refused_naming_the_source(string stat, string fault)
    {
        var e = Assert.Throws<FormatException>(() => ProcessCpuTime.Parse(stat, 100, "/proc/4242/stat"));
        Assert.StartsWith("/proc/4242/stat: ", e.Message);
        Assert.Contains(fault, e.Message);
    }

    [Fact]
    public void This_process_cpu_time_agrees_with_the_runtime_and_grows_with_work()
    {
        Assert.True(ProcessCpuTime.ClockTicksPerSecond > 0);
        TimeSpan tick = TimeSpan.FromSeconds(1.0 / ProcessCpuTime.ClockTicksPerSecond);
        TimeSpan before = ProcessCpuTime.Read(Environment.ProcessId);
        TimeSpan runtime = Process.GetCurrentProcess().TotalProcessorTime;
        Assert.InRange(runtime - before, -2 * tick, TimeSpan.FromMilliseconds(200));

        var spin = Stopwatch.StartNew();
        ulong x = 1;
        while (Process.GetCurrentProcess().TotalProcessorTime - runtime < TimeSpan.FromMilliseconds(300)) x = x * 6364136223846793005UL + 1;
        TimeSpan after = ProcessCpuTime.Read(Environment.ProcessId);
        Assert.True(after - before >= TimeSpan.FromMilliseconds(300) - 2 * tick, $"{after - before} of CPU after spinning for {spin.Elapsed} (x={x})");
    }

    [Fact]
    public void A_process_that_does_not_exist_is_reported_as_gone()
    {
        using Process exited = Process.Start("true")!;
        exited.WaitForExit();
        int pid = exited.Id;
        exited.Dispose();
        var e = Assert.Throws<ProcessGoneException>(() => ProcessCpuTime.Read(pid));
        Assert.Equal(pid, e.Pid);
    }
}
