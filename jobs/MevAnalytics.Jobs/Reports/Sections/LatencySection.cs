using MevAnalytics.Reports.Charts;
using MevAnalytics.Reports.Documents;

namespace MevAnalytics.Jobs.Reports.Sections;

/// <summary>Section 4: per-route p50/p99 over time against the SLO target, the quantile table, breaches and hedge
/// delays.</summary>
public static class LatencySection
{
    public static ReportSection Build(ReportInputs input, RoutePalette palette)
    {
        var blocks = new List<ReportBlock>();
        var targets = input.LatencyTable?.Routes.ToDictionary(r => r.Route, r => r.TargetP99Ms, StringComparer.Ordinal)
            ?? [];
        var charts = Panels(input.LatencyHourly, targets, palette);
        if (charts.Count > 0)
            blocks.Add(new ChartGridBlock("Hourly probe latency per route: p50 (solid), p99 (dashed), SLO target (red)",
                charts, "One panel per route with its own scale, so a slow route does not flatten the others."));
        if (input.LatencyTable is { } table)
        {
            blocks.Add(new TableBlock(new ReportTable(
                $"Quantiles of latency v{table.Version} ({Cells.Time(table.From)} .. {Cells.Time(table.To)} UTC)",
                [
                    "route", "probes", "p50 (ms)", "p90 (ms)", "p99 (ms)", "p99.9 (ms)", "SLO p99 (ms)", "error rate",
                    "SLO", "hedge delay (ms)"
                ],
                table.Routes.Select(r => (IReadOnlyList<string>)
                [
                    r.Route, Cells.Int(r.Probes), Cells.Num(r.P50Ms, "0.0"), Cells.Num(r.P90Ms, "0.0"),
                    Cells.Num(r.P99Ms, "0.0"), Cells.Num(r.P999Ms, "0.0"), Cells.Num(r.TargetP99Ms, "0"),
                    Cells.Num(r.ErrorRate * 100, "0.00") + "%",
                    r.SloBreached ? "BREACHED (" + r.Breaches + ")" : "ok", Cells.Num(r.HedgeDelayMs, "0"),
                ]).ToArray(),
                "Suggested hedge delay: send a second copy after this long without an answer (the route's tail " +
                "quantile the latency job targets).")));
            blocks.Add(new ListBlock("SLO breaches", table.Routes.Where(r => r.SloBreached).Select(r =>
                    $"{r.Route}: {r.Breaches}: p99 {r.P99Ms:0} ms vs target {Cells.Num(r.TargetP99Ms, "0")} ms, " +
                    $"error rate {r.ErrorRate:0.00%} vs max " +
                    $"{Cells.Num(r.MaxErrorRate * 100, "0.0")}%").ToArray(), Attention: true,
                WhenEmpty: "Every route is within its SLO."));
        }
        return new ReportSection("latency", "4. Latency",
            "How fast each route answers over the window, against its SLO, and how long to wait before hedging.",
            blocks, "No latency probes in the window and no latency table published.");
    }

    /// <summary>One small chart per route: hourly p50 and p99 and the route's SLO p99 target.</summary>
    public static IReadOnlyList<Chart> Panels(IReadOnlyList<RouteLatency> hourly,
        IReadOnlyDictionary<string, double> targets, RoutePalette palette) =>
        hourly.GroupBy(l => l.Route).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var points = g.OrderBy(l => l.Time).ToArray();
            var xs = points.Select(p => p.Time.ToOADate()).ToArray();
            var layers = new List<ChartLayer>
            {
                new LineLayer("p50", palette[g.Key], xs, points.Select(p => p.P50Ms).ToArray(), Markers: false),
                new LineLayer("p99", palette[g.Key], xs, points.Select(p => p.P99Ms).ToArray(), Markers: false,
                    Dashed: true),
            };
            var t = targets.GetValueOrDefault(g.Key, double.NaN);
            if (double.IsFinite(t)) layers.Add(new ReferenceLine($"SLO p99 {t:0} ms", RoutePalette.Reference, t, true));
            double top = Math.Max(points.Max(p => p.P99Ms), double.IsFinite(t) ? t : 0) * 1.1;
            return new Chart("latency-" + g.Key, g.Key, "hour (UTC)", "round trip (ms)", layers, ChartAxisKind.Time,
                YRange: new AxisRange(0, top), Width: 600, Height: 300, Legend: LegendPlacement.UpperLeft);
        }).ToArray();
}
