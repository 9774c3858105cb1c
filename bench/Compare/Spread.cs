namespace Plover.Bench.Compare;

/// <summary>A figure over several runs: the median (the figure reported) and the range the runs spanned.</summary>
public sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("a spread needs at least one value", nameof(values));
        if (values.Any(double.IsNaN)) throw new ArgumentException("a spread of NaN is meaningless", nameof(values));
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }

    /// <summary>Null when any run lacks the figure (e.g. pages per epoch where no epoch ended).</summary>
    public static Spread? OfAll(IReadOnlyCollection<double?> values) =>
        values.Count > 0 && values.All(v => v.HasValue) ? Of(values.Select(v => v!.Value).ToArray()) : null;
}
