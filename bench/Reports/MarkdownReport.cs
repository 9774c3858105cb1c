using System.Globalization;
using System.Text;
using Plover.Bench.Compare;

namespace Plover.Bench.Reports;

/// <summary>results.md: the comparison as a Markdown table (median of the runs, min..max in brackets), then skips, failures and issue 9's targets.</summary>
public static class MarkdownReport
{
    public static string Render(CompareReport report)
    {
        var md = new StringBuilder();
        LoadLine(md, report);
        md.AppendLine();
        md.AppendLine("| mode | throughput (ops/s) | p50 (ms) | p99 (ms) | bytes between nodes / op | of which log / hashes / pages / other | pages / epoch | server CPU (µs/op) | client CPU (µs/op) | runs |");
        md.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (ModeResult m in report.Modes.Where(m => m.HasFigures)) Row(md, m);
        foreach (ModeResult m in report.Modes.Where(m => !m.HasFigures))
            md.AppendLine($"| {m.Mode} | {m.Status.ToString().ToLowerInvariant()} | | | | | | | | {m.Runs.Count} |");
        NotMeasured(md, report);
        Targets(md, report);
        Notes(md, report);
        return md.ToString();
    }

    private static void LoadLine(StringBuilder md, CompareReport report)
    {
        var load = report.Options.Load;
        md.AppendLine("# Plover benchmark: unreplicated, SMR, Remus-style and Plover (vsmr)");
        md.AppendLine();
        md.AppendLine($"- Workload: {load.Workload.Describe()}{(load.Prefill ? "; every key written once before the warm-up" : "")}");
        md.AppendLine($"- Load: {report.Driver}, {load.Connections} connections x pipeline {load.Pipeline}, " +
                      $"{Seconds(load.Warmup)} warm-up, {Seconds(load.Duration)} measured, {report.Options.Runs} run(s) per mode on a fresh target each");
        md.AppendLine($"- Machine: {report.Processors} processor(s); started {report.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, took {Seconds(report.Elapsed)}");
        md.AppendLine("- Each figure is the median of the runs, with the range of the runs as (min..max).");
    }

    private static void Row(StringBuilder md, ModeResult m)
    {
        string bytes = m.Replicated ? Figure(m.ReplicationBytesPerOp, "0.#") : "0 (unreplicated)";
        string split = m.Replicated
            ? $"{Num(m.LogBytesPerOp.Median, "0.#")} / {Num(m.HashBytesPerOp.Median, "0.#")} / {Num(m.PageBytesPerOp.Median, "0.#")} / {Num(m.OtherBytesPerOp.Median, "0.#")}"
            : "-";
        string pages = m.PagesPerEpoch is { } p ? Figure(p, "0.##") : "-";
        string client = m.ClientCpuSecondsPerOp is { } c ? Figure(Micro(c), "0.##") : "-";
        md.AppendLine($"| {m.Mode} | {Figure(m.Throughput, "#,0")} | {Figure(m.P50Ms, "0.###")} | {Figure(m.P99Ms, "0.###")} | {bytes} | {split} | {pages} | " +
                      $"{Figure(Micro(m.ServerCpuSecondsPerOp), "0.##")} | {client} | {m.Runs.Count} |");
    }

    private static void NotMeasured(StringBuilder md, CompareReport report)
    {
        ModeResult[] others = report.Modes.Where(m => !m.HasFigures).ToArray();
        if (others.Length == 0) return;
        md.AppendLine();
        md.AppendLine("## Not measured");
        md.AppendLine();
        foreach (ModeResult m in others) md.AppendLine($"- **{m.Mode}** ({m.Status.ToString().ToLowerInvariant()}): {OneLine(m.Reason)}");
    }

    private static void Targets(StringBuilder md, CompareReport report)
    {
        md.AppendLine();
        md.AppendLine("## Issue 9 targets");
        md.AppendLine();
        foreach (TargetCheck t in TargetCheck.Evaluate(report))
        {
            string verdict = t.Value is { } v ? $"{v:0.##}x: {(t.Met == true ? "met" : "MISSED")}" : $"not checked ({t.Missing})";
            md.AppendLine($"- {t.Statement}: {verdict}");
        }
    }

    private static void Notes(StringBuilder md, CompareReport report)
    {
        md.AppendLine();
        md.AppendLine("Bytes between nodes are what every node reported sending its peers (plover_replication_bytes_total) over the measured window, " +
                      "divided by the requests completed in it. Server CPU is utime+stime of the target's processes over the window; client CPU that of the load generator's process.");
        foreach (ModeResult m in report.Modes.Where(m => m.Description is not null)) md.AppendLine($"- {m.Mode}: {m.Description}");
        if (report.Driver == Drivers.RedisBenchmarkDriver.DriverName)
            md.AppendLine("- redis-benchmark runs SET and GET one after the other; p50 and p99 are the larger of the two (an upper bound for the mix).");
    }

    private static Spread Micro(Spread s) => new(s.Median * 1e6, s.Min * 1e6, s.Max * 1e6);

    private static string Figure(Spread s, string format) => $"{Num(s.Median, format)} ({Num(s.Min, format)}..{Num(s.Max, format)})";

    private static string Num(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";

    private static string OneLine(string? text) => (text ?? "").ReplaceLineEndings(" ").Trim();
}
