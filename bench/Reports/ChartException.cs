namespace Plover.Bench.Reports;

/// <summary>The chart could not be drawn (gnuplot missing or failing); the table and JSON are still written.</summary>
public sealed class ChartException(string message) : Exception(message);
