using ScottPlot;

namespace MevAnalytics.Reports.Charts;

/// <summary>Draws <see cref="TrendChart"/>s as PNG bytes with ScottPlot (DejaVu Sans from Debian's fonts-dejavu-core).</summary>
public static class ChartRenderer
{
    public const int Width = 1000;
    public const int Height = 520;

    static ChartRenderer()
    {
        NativeAssets.Register();
        // ScottPlot otherwise picks DejaVu Serif; without any font file it silently draws no text at all.
        Fonts.Default = "DejaVu Sans";
    }

    /// <summary>PNG bytes of <paramref name="chart"/>.</summary>
    public static byte[] Png(TrendChart chart)
    {
        var plot = new Plot();
        plot.Title(chart.Title);
        plot.YLabel(chart.YLabel);
        if (chart.Kind == ChartKind.Lines)
        {
            foreach (var series in chart.Series)
            {
                if (series.Values.Count == 0) continue;
                var line = plot.Add.Scatter(series.Times.Select(t => t.ToOADate()).ToArray(), series.Values.ToArray());
                line.LegendText = series.Name;
                line.MarkerSize = 0;
                line.LineWidth = 1.5f;
            }
            plot.Axes.DateTimeTicksBottom();
            plot.XLabel("time (UTC)");
            plot.ShowLegend(Edge.Right);
        }
        else
        {
            var positions = Enumerable.Range(0, chart.Bars.Count).Select(i => (double)i).ToArray();
            plot.Add.Bars(positions, chart.Bars.Select(b => b.Value).ToArray());
            plot.Axes.Bottom.SetTicks(positions, chart.Bars.Select(b => b.Label).ToArray());
        }
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
