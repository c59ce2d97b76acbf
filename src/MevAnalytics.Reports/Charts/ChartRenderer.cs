using ScottPlot;

namespace MevAnalytics.Reports.Charts;

/// <summary>Draws <see cref="Chart"/>s as PNG bytes with ScottPlot (DejaVu Sans from Debian's
/// fonts-dejavu-core).</summary>
public static class ChartRenderer
{
    static ChartRenderer()
    {
        NativeAssets.Register();
        // ScottPlot otherwise picks DejaVu Serif; without any font file it silently draws no text at all.
        Fonts.Default = "DejaVu Sans";
    }

    /// <summary>PNG bytes of <paramref name="chart"/>.</summary>
    public static byte[] Png(Chart chart) => Build(chart).GetImageBytes(chart.Width, chart.Height, ImageFormat.Png);

    /// <summary>The ScottPlot plot of <paramref name="chart"/> (notebooks display it inline).</summary>
    public static Plot Build(Chart chart)
    {
        var plot = new Plot();
        plot.Title(chart.Title, size: chart.Width < 600 ? 13 : 16);
        plot.XLabel(chart.XLabel, size: 13);
        plot.YLabel(chart.YLabel, size: 13);
        bool legend = false;
        foreach (var layer in chart.Layers)
        {
            var color = Color.FromHex(layer.Color);
            legend |= !string.IsNullOrEmpty(layer.Name);
            switch (layer)
            {
                case BandLayer band when band.X.Length > 0:
                    var fill = plot.Add.FillY(band.X, band.Lower, band.Upper);
                    fill.FillColor = color.WithAlpha(0.18);
                    fill.LineColor = color.WithAlpha(0);
                    fill.LegendText = band.Name;
                    break;
                case BarLayer bars when bars.X.Length > 0:
                    var plotted = plot.Add.Bars(bars.X, bars.Y);
                    foreach (var b in plotted.Bars)
                    {
                        b.FillColor = color.WithAlpha(0.55);
                        b.LineColor = color;
                        b.Size = bars.Width;
                    }
                    plotted.LegendText = bars.Name;
                    break;
                case IntervalLayer interval when interval.X.Length > 0:
                    var errors = plot.Add.ErrorBar(interval.X, interval.Y, interval.Y.Select(_ => 0.0).ToArray());
                    errors.YErrorNegative = interval.Y.Zip(interval.Lower, (y, lo) => Math.Max(0, y - lo)).ToArray();
                    errors.YErrorPositive = interval.Upper.Zip(interval.Y, (hi, y) => Math.Max(0, hi - y)).ToArray();
                    errors.Color = color;
                    errors.LineWidth = 1.5f;
                    var points = plot.Add.Scatter(interval.X, interval.Y, color);
                    points.LineWidth = 0;
                    points.MarkerSize = 7;
                    points.LegendText = interval.Name;
                    break;
                case LineLayer line when line.X.Length > 0:
                    var scatter = plot.Add.Scatter(line.X, line.Y, color);
                    scatter.LineWidth = line.Line ? 1.8f : 0;
                    scatter.MarkerSize = line.Markers ? 6 : 0;
                    if (line.Dashed) scatter.LinePattern = LinePattern.Dashed;
                    scatter.LegendText = line.Name;
                    break;
                case ReferenceLine reference:
                    if (reference.Horizontal)
                        plot.Add.HorizontalLine(reference.Value, 1.5f, color, LinePattern.Dashed).LegendText =
                            reference.Name;
                    else
                        plot.Add.VerticalLine(reference.Value, 1.5f, color, LinePattern.Dashed).LegendText =
                            reference.Name;
                    break;
            }
        }
        switch (chart.XAxis)
        {
            case ChartAxisKind.Time:
                plot.Axes.DateTimeTicksBottom();
                break;
            case ChartAxisKind.Category when chart.XTicks is { Count: > 0 } ticks:
                plot.Axes.Bottom.SetTicks(Enumerable.Range(0, ticks.Count).Select(i => (double)i).ToArray(),
                    ticks.ToArray());
                if (ticks.Count > 6 || ticks.Any(t => t.Length > 10)) plot.Axes.Bottom.TickLabelStyle.Rotation = -25;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
                plot.Axes.SetLimitsX(-0.6, ticks.Count - 0.4);
                break;
        }
        if (chart.XRange is { } xr) plot.Axes.SetLimitsX(xr.Min, xr.Max);
        if (chart.YRange is { } yr) plot.Axes.SetLimitsY(yr.Min, yr.Max);
        if (legend && chart.Legend != LegendPlacement.None)
        {
            switch (chart.Legend)
            {
                case LegendPlacement.Right: plot.ShowLegend(Edge.Right); break;
                case LegendPlacement.UpperRight: plot.ShowLegend(Alignment.UpperRight); break;
                case LegendPlacement.LowerRight: plot.ShowLegend(Alignment.LowerRight); break;
                case LegendPlacement.UpperLeft: plot.ShowLegend(Alignment.UpperLeft); break;
            }
            plot.Legend.FontSize = chart.Width < 700 ? 10 : 11;
        }
        return plot;
    }
}
