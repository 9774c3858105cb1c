using Plover.Bench.Compare;

namespace Plover.Bench.Reports;

/// <summary>Writes a comparison's three files into a folder: results.md, results.json and results.png.</summary>
public static class ReportFiles
{
    public const string Markdown = "results.md";
    public const string Json = "results.json";
    public const string Chart = "results.png";

    /// <returns>the chart's path, or the reason it could not be drawn (the other two files are written regardless)</returns>
    public static async Task<(string? ChartPath, string? ChartProblem)> WriteAsync(CompareReport report, string folder, CancellationToken cancellation)
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, Markdown), MarkdownReport.Render(report), cancellation);
        await File.WriteAllTextAsync(Path.Combine(folder, Json), JsonReport.Render(report), cancellation);
        try
        {
            return (await GnuplotChart.DrawAsync(report, folder, cancellation), null);
        }
        catch (ChartException e)
        {
            return (null, e.Message);
        }
    }
}
