using System.Diagnostics;
using System.Globalization;
using Plover.Bench.Compare;
using Plover.Bench.Load;
using Spectre.Console;

namespace Plover.Bench.Display;

/// <summary>
/// A live progress display: one bar per mode, advancing through each run's phases (the measured
/// window by elapsed time), with the last run's throughput in the description.
/// </summary>
public sealed class SpectreCompareProgress : ICompareObserver
{
    private const double PrefillShare = 0.05, WarmupShare = 0.15, MeasureShare = 0.75;
    private readonly ProgressContext context;
    private readonly TimeSpan measured;
    private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private ProgressTask? current;
    private int currentRun;
    private LoadPhase currentPhase;
    private readonly Stopwatch phaseClock = new();

    public SpectreCompareProgress(ProgressContext context, TimeSpan measured)
    {
        this.context = context;
        this.measured = measured;
    }

    /// <summary>Runs <paramref name="work"/> under a progress display, refreshing the bars while it runs.</summary>
    public static async Task<T> ShowAsync<T>(TimeSpan measured, Func<ICompareObserver, Task<T>> work)
    {
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var display = new SpectreCompareProgress(ctx, measured);
                Task<T> running = work(display);
                while (await Task.WhenAny(running, Task.Delay(200)) != running) display.Refresh();
                result = await running;
                display.Refresh();
            });
        return result;
    }

    public void ModeSkipped(string mode, string reason)
    {
        lock (gate)
        {
            ProgressTask task = context.AddTask($"[grey]{Markup.Escape(mode)}: skipped[/]", maxValue: 1);
            task.Value = 1;
            task.StopTask();
        }
    }

    public void RunStarted(string mode, int run, int runs)
    {
        lock (gate)
        {
            if (!tasks.TryGetValue(mode, out ProgressTask? task))
            {
                task = context.AddTask(Markup.Escape(mode), maxValue: runs);
                tasks[mode] = task;
            }
            current = task;
            currentRun = run;
            currentPhase = LoadPhase.Prefill;
            phaseClock.Restart();
            task.Value = run - 1;
        }
    }

    public void PhaseChanged(string mode, int run, LoadPhase phase)
    {
        lock (gate)
        {
            currentPhase = phase;
            phaseClock.Restart();
        }
    }

    public void RunMeasured(string mode, RunMeasurement m)
    {
        lock (gate)
        {
            ProgressTask task = tasks[mode];
            task.Value = m.Run;
            task.Description = string.Create(CultureInfo.InvariantCulture,
                $"{Markup.Escape(mode)} [green]{m.ThroughputOpsPerSecond:#,0} ops/s[/], p99 {m.Latency.P99Ms:0.##} ms");
            if (m.Run == (int)task.MaxValue) task.StopTask();
        }
    }

    public void ModeFailed(string mode, int run, string reason)
    {
        lock (gate)
        {
            ProgressTask task = tasks[mode];
            string firstLine = reason.Split('\n')[0];
            task.Description = $"{Markup.Escape(mode)} [red]failed in run {run}: {Markup.Escape(firstLine[..Math.Min(firstLine.Length, 60)])}[/]";
            task.StopTask();
            current = null;
        }
    }

    private void Refresh()
    {
        lock (gate)
        {
            if (current is null || current.IsFinished) return;
            double within = currentPhase switch
            {
                LoadPhase.Prefill => 0,
                LoadPhase.Warmup => PrefillShare,
                LoadPhase.Measure => PrefillShare + WarmupShare + MeasureShare * Math.Min(1, phaseClock.Elapsed / measured),
                _ => PrefillShare + WarmupShare + MeasureShare,
            };
            current.Value = currentRun - 1 + within;
        }
    }
}
