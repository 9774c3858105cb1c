using System.Globalization;
using System.Text;
using Plover.Bench.Compare;
using Plover.Bench.Targets;

namespace Plover.Bench.Reports;

/// <summary>
/// results.png, drawn by gnuplot: on the left each measured mode's throughput as a bar with a
/// whisker over the runs' range, on the right its p50 and p99 latency side by side. The data and
/// the script stay next to the picture (results.dat, results.gp) so it can be redrawn or restyled.
/// </summary>
public static class GnuplotChart
{
    public const string Executable = "gnuplot";
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static async Task<string> DrawAsync(CompareReport report, string folder, CancellationToken cancellation)
    {
        ModeResult[] measured = report.Modes.Where(m => m.HasFigures).ToArray();
        if (measured.Length == 0) throw new ChartException("no mode was measured, so there is nothing to chart");
        string gnuplot = ExecutablePath.Find(Executable) ?? throw new ChartException("gnuplot is not installed (scripts/setup installs gnuplot-nox)");
        string data = Path.Combine(folder, "results.dat");
        string script = Path.Combine(folder, "results.gp");
        string png = Path.Combine(folder, "results.png");
        await File.WriteAllTextAsync(data, Data(measured), cancellation);
        await File.WriteAllTextAsync(script, Script(report, data, png), cancellation);
        if (File.Exists(png)) File.Delete(png);
        CommandRun run = await CommandRun.RunAsync(gnuplot, [script], Timeout, cancellation);
        if (run.ExitCode != 0) throw new ChartException($"gnuplot exited with {run.ExitCode}: {run.Output.Trim()}");
        if (!File.Exists(png) || new FileInfo(png).Length == 0) throw new ChartException($"gnuplot succeeded but wrote no {png}: {run.Output.Trim()}");
        return png;
    }

    /// <summary>One row per measured mode: name, throughput median/min/max, p50, p99.</summary>
    public static string Data(IEnumerable<ModeResult> measured)
    {
        var text = new StringBuilder("# mode throughput_median throughput_min throughput_max p50_ms p99_ms\n");
        foreach (ModeResult m in measured)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"\"{m.Mode}\" {m.Throughput.Median:0.###} {m.Throughput.Min:0.###} {m.Throughput.Max:0.###} {m.P50Ms.Median:0.######} {m.P99Ms.Median:0.######}"));
        return text.ToString();
    }

    private static string Script(CompareReport report, string data, string png)
    {
        var load = report.Options.Load;
        string title = string.Create(CultureInfo.InvariantCulture,
            $"{load.Workload.Describe()}; {load.Connections} conn x P{load.Pipeline}, {report.Driver}, median of {report.Options.Runs}");
        return $"""
            set terminal pngcairo size 1400,560 enhanced font "DejaVu Sans,10"
            set output {Quote(png)}
            set multiplot layout 1,2 title {Quote(title)}
            set style data histograms
            set style fill solid 0.7 border -1
            set boxwidth 0.8
            set grid ytics
            set yrange [0:*]
            set xtics rotate by -30 noenhanced
            set key noenhanced
            set title "Throughput (ops/s), whiskers: min..max of the runs"
            set style histogram errorbars gap 1 lw 1.5
            plot {Quote(data)} using 2:3:4:xtic(1) title "throughput" lc rgb "#3b6ea8"
            set title "Latency (ms), median of the runs"
            set style histogram clustered gap 1
            plot {Quote(data)} using 5:xtic(1) title "p50" lc rgb "#5fa85f", '' using 6 title "p99" lc rgb "#c8553d"
            unset multiplot

            """;
    }

    private static string Quote(string text) => $"\"{text.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
}
