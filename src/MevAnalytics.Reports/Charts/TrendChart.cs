namespace MevAnalytics.Reports.Charts;

/// <summary>What a chart shows; <see cref="ChartRenderer"/> draws it.</summary>
/// <param name="FileName">PNG file name inside the report folder.</param>
/// <param name="Title">Chart title.</param>
/// <param name="YLabel">Y axis label with its unit.</param>
/// <param name="Series">Lines over time (for <see cref="ChartKind.Lines"/>).</param>
/// <param name="Bars">Labelled values (for <see cref="ChartKind.Bars"/>).</param>
/// <param name="Kind">Lines over time or labelled bars.</param>
public sealed record TrendChart(
    string FileName,
    string Title,
    string YLabel,
    IReadOnlyList<TrendSeries> Series,
    IReadOnlyList<(string Label, double Value)> Bars,
    ChartKind Kind = ChartKind.Lines)
{
    /// <summary>True when there is nothing to draw (no data in the window).</summary>
    public bool IsEmpty => Kind == ChartKind.Lines ? Series.All(s => s.Values.Count == 0) : Bars.Count == 0;
}

/// <summary>How a chart is drawn.</summary>
public enum ChartKind
{
    Lines,
    Bars,
}
