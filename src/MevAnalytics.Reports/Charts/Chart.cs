using System.Text.Json.Serialization;

namespace MevAnalytics.Reports.Charts;

/// <summary>
/// What a chart shows, independent of how it is drawn: axes, layers and size. <see cref="ChartRenderer"/> draws it;
/// the report's JSON carries it as the chart's data.
/// </summary>
/// <param name="FileName">Image file name inside the report folder (without extension).</param>
/// <param name="Title">Chart title.</param>
/// <param name="XLabel">X axis label with its unit.</param>
/// <param name="YLabel">Y axis label with its unit.</param>
/// <param name="Layers">What is drawn, in order (later layers on top).</param>
/// <param name="XAxis">How x values are read: numbers, OLE automation dates (UTC) or category positions.</param>
/// <param name="XTicks">Category labels at positions 0..n-1 (for <see cref="ChartAxisKind.Category"/>).</param>
/// <param name="YRange">Fixed y limits, or null to fit the data.</param>
/// <param name="XRange">Fixed x limits, or null to fit the data.</param>
/// <param name="Width">Pixels.</param>
/// <param name="Height">Pixels.</param>
/// <param name="Legend">Where the legend goes (inside the axes for small multiples).</param>
public sealed record Chart(
    string FileName,
    string Title,
    string XLabel,
    string YLabel,
    IReadOnlyList<ChartLayer> Layers,
    ChartAxisKind XAxis = ChartAxisKind.Number,
    IReadOnlyList<string>? XTicks = null,
    AxisRange? YRange = null,
    AxisRange? XRange = null,
    int Width = 900,
    int Height = 420,
    LegendPlacement Legend = LegendPlacement.Right)
{
    /// <summary>True when no layer has a point to draw (reference lines alone do not count).</summary>
    [JsonIgnore]
    public bool IsEmpty => Layers.All(l => l.PointCount == 0);
}

/// <summary>Fixed axis limits.</summary>
public sealed record AxisRange(double Min, double Max);

/// <summary>How a chart's x values are read.</summary>
public enum ChartAxisKind
{
    /// <summary>Plain numbers.</summary>
    Number,

    /// <summary>UTC times as OLE automation dates (<see cref="DateTime.ToOADate"/>).</summary>
    Time,

    /// <summary>Positions 0..n-1 labelled by <see cref="Chart.XTicks"/>.</summary>
    Category,
}

/// <summary>Where a chart's legend goes.</summary>
public enum LegendPlacement
{
    /// <summary>Beside the axes, on the right.</summary>
    Right,

    /// <summary>Inside the axes, upper right corner.</summary>
    UpperRight,

    /// <summary>Inside the axes, lower right corner.</summary>
    LowerRight,

    /// <summary>Inside the axes, upper left corner.</summary>
    UpperLeft,

    /// <summary>No legend (the axis labels already name the series).</summary>
    None,
}
