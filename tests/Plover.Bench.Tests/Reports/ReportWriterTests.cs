using System.Text.Json;
using Plover.Bench.Compare;
using Plover.Bench.Reports;

namespace Plover.Bench.Tests.Reports;

public sealed class ReportWriterTests
{
    [Fact]
    public void The_markdown_table_has_a_row_per_mode_with_medians_and_ranges()
    {
        string md = MarkdownReport.Render(SampleReports.Full());
        string[] lines = md.Split('\n');
        Assert.Contains("| mode | throughput (ops/s) | p50 (ms) | p99 (ms) | bytes between nodes / op | of which log / hashes / pages / other | pages / epoch | server CPU (µs/op) | client CPU (µs/op) | runs |", lines);
        Assert.Contains("| none | 100,000 (90,000..110,000) | 0.45 (0.4..0.5) | 1.2 (1..1.4) | 0 (unreplicated) | - | - | 20 (20..20) | 10 (10..10) | 3 |", lines);
        Assert.Contains("| remus | 24,000 (24,000..24,000) | 2 (2..2) | 9 (9..9) | 2500 (2500..2500) | 0 / 0 / 2400 / 100 | 12.5 (12.5..12.5) | 20 (20..20) | 10 (10..10) | 1 |", lines);
        Assert.Contains("| vsmr | 60,000 (60,000..60,000) | 0.9 (0.9..0.9) | 3 (3..3) | 100 (100..100) | 80 / 10 / 5 / 5 | 0.2 (0.2..0.2) | 20 (20..20) | 10 (10..10) | 1 |", lines);
        Assert.Contains("| redis-aof | skipped | | | | | | | | 0 |", lines);
        Assert.Contains("| kv-native | failed | | | | | | | | 1 |", lines);
        Assert.Contains("- **redis-aof** (skipped): redis-server is not installed: run scripts/setup", lines);
        Assert.Contains("- **kv-native** (failed): run 2: kv-native did not start: boom", lines);
        Assert.Contains("- vsmr sends at least 20x fewer bytes between nodes per request than remus: 25x: met", lines);
        Assert.Contains("- vsmr throughput is at least 2x remus: 2.5x: met", lines);
        Assert.Contains("- vsmr throughput is at least 0.5x none: 0.6x: met", lines);
        Assert.Contains("- Load: plover, 50 connections x pipeline 16, 2 s warm-up, 10 s measured, 3 run(s) per mode on a fresh target each", lines);
    }

    [Fact]
    public void A_missed_or_unchecked_target_says_so()
    {
        CompareReport report = SampleReports.Report(
            SampleReports.Measured("remus", SampleReports.Run(1, 50_000, 1, 2, new(true, 0, 0, 1000, 0, 5, 10))),
            SampleReports.Measured("vsmr", SampleReports.Run(1, 60_000, 1, 2, new(true, 100, 0, 0, 0, null, 10))));
        string md = MarkdownReport.Render(report);
        Assert.Contains("- vsmr sends at least 20x fewer bytes between nodes per request than remus: 10x: MISSED", md);
        Assert.Contains("- vsmr throughput is at least 2x remus: 1.2x: MISSED", md);
        Assert.Contains("- vsmr throughput is at least 0.5x none: not checked (none not run)", md);
    }

    [Fact]
    public void The_json_has_one_object_per_mode_with_the_figures_the_issue_asks_for()
    {
        using JsonDocument json = JsonDocument.Parse(JsonReport.Render(SampleReports.Full()));
        JsonElement root = json.RootElement;
        JsonElement modes = root.GetProperty("modes");
        Assert.Equal(["none", "smr", "remus", "vsmr", "redis", "redis-aof", "kv-native"], modes.EnumerateObject().Select(p => p.Name));

        JsonElement none = modes.GetProperty("none");
        Assert.Equal("measured", none.GetProperty("status").GetString());
        Assert.Equal(100_000, none.GetProperty("throughput_ops_s").GetDouble());
        Assert.Equal(0.45, none.GetProperty("p50_ms").GetDouble());
        Assert.Equal(1.2, none.GetProperty("p99_ms").GetDouble());
        Assert.Equal(0, none.GetProperty("replication_bytes_per_op").GetDouble());
        Assert.False(none.GetProperty("replicated").GetBoolean());
        Assert.Equal(90_000, none.GetProperty("spread").GetProperty("throughput_ops_s").GetProperty("min").GetDouble());
        Assert.Equal(110_000, none.GetProperty("spread").GetProperty("throughput_ops_s").GetProperty("max").GetDouble());
        Assert.Equal(3, none.GetProperty("runs").GetArrayLength());
        Assert.Equal(0.00002, none.GetProperty("cpu_s_per_op").GetDouble());

        JsonElement remus = modes.GetProperty("remus");
        Assert.Equal(2500, remus.GetProperty("replication_bytes_per_op").GetDouble());
        Assert.Equal(2400, remus.GetProperty("replication_bytes_per_op_by_kind").GetProperty("pages").GetDouble());
        Assert.Equal(12.5, remus.GetProperty("pages_per_epoch").GetDouble());
        Assert.Equal(JsonValueKind.Null, modes.GetProperty("smr").GetProperty("pages_per_epoch").ValueKind);

        JsonElement skipped = modes.GetProperty("redis-aof");
        Assert.Equal("skipped", skipped.GetProperty("status").GetString());
        Assert.Equal("redis-server is not installed: run scripts/setup", skipped.GetProperty("reason").GetString());
        foreach (string figure in new[] { "throughput_ops_s", "p50_ms", "p99_ms", "replication_bytes_per_op" })
            Assert.Equal(JsonValueKind.Null, skipped.GetProperty(figure).ValueKind);
        JsonElement failed = modes.GetProperty("kv-native");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("throughput_ops_s").ValueKind);
        Assert.Equal(1, failed.GetProperty("runs").GetArrayLength());

        Assert.Equal(2, root.GetProperty("machine").GetProperty("processors").GetInt32());
        Assert.Equal(16, root.GetProperty("load").GetProperty("pipeline").GetInt32());
        Assert.Equal("kv", root.GetProperty("workload").GetProperty("guest").GetString());
        JsonElement bytesTarget = root.GetProperty("targets").GetProperty("remus_over_vsmr_bytes_per_op");
        Assert.Equal(25, bytesTarget.GetProperty("value").GetDouble(), 9);
        Assert.True(bytesTarget.GetProperty("met").GetBoolean());
    }

    [Fact]
    public async Task The_three_files_are_written_and_the_chart_is_a_png()
    {
        string folder = Directory.CreateTempSubdirectory("plover-bench-report-").FullName;
        try
        {
            (string? chart, string? problem) = await ReportFiles.WriteAsync(SampleReports.Full(), folder, CancellationToken.None);
            Assert.True(File.Exists(Path.Combine(folder, "results.md")));
            Assert.True(File.Exists(Path.Combine(folder, "results.json")));
            if (ExecutablePath.Find(GnuplotChart.Executable) is null)
            {
                Assert.Null(chart);
                Assert.Contains("gnuplot is not installed", problem);
                return;
            }
            Assert.Null(problem);
            Assert.Equal(Path.Combine(folder, "results.png"), chart);
            byte[] png = await File.ReadAllBytesAsync(chart!);
            Assert.True(png.Length > 1000, $"a {png.Length}-byte picture");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
            string data = await File.ReadAllTextAsync(Path.Combine(folder, "results.dat"));
            Assert.Contains("\"none\" 100000 90000 110000 0.45 1.2", data);
            Assert.DoesNotContain("redis-aof", data);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task There_is_no_chart_when_nothing_was_measured()
    {
        var e = await Assert.ThrowsAsync<ChartException>(() => GnuplotChart.DrawAsync(
            SampleReports.Report(ModeResult.Skipped("vsmr", "not yet")), Path.GetTempPath(), CancellationToken.None));
        Assert.Contains("no mode was measured", e.Message);
    }

    [Fact]
    public void Medians_and_ranges_are_taken_over_the_runs()
    {
        Assert.Equal(new Spread(2, 1, 3), Spread.Of([3, 1, 2]));
        Assert.Equal(new Spread(2.5, 1, 4), Spread.Of([4, 1, 3, 2]));
        Assert.Equal(new Spread(7, 7, 7), Spread.Of([7]));
        Assert.Null(Spread.OfAll([1, null]));
        Assert.Throws<ArgumentException>(() => Spread.Of([]));
        Assert.Throws<ArgumentException>(() => Spread.Of([double.NaN]));
    }
}
