namespace MevAnalytics.Reports.Charts;

/// <summary>One named line of a trend chart: values over time (UTC).</summary>
public sealed record TrendSeries(string Name, IReadOnlyList<DateTime> Times, IReadOnlyList<double> Values)
{
    /// <summary>Builds series from long-format rows (series name, time, value), sorted by name then time.</summary>
    public static IReadOnlyList<TrendSeries> FromRows(IEnumerable<(string Name, DateTime Time, double Value)> rows) =>
        rows.Where(r => double.IsFinite(r.Value))
            .GroupBy(r => r.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(r => r.Time).ToArray();
                return new TrendSeries(g.Key, ordered.Select(r => r.Time).ToArray(), ordered.Select(r => r.Value).ToArray());
            })
            .ToArray();
}
