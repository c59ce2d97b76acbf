using System.Text.Json;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>What the report shows of the current latency table: per-route quantiles over the main window and the SLO targets.</summary>
public sealed record LatencyView(int Version, DateTime From, DateTime To, IReadOnlyList<RouteQuantiles> Routes)
{
    /// <summary>Reads a latency summary (pure).</summary>
    public static LatencyView FromSummary(int version, JsonElement summary)
    {
        var main = summary.Child("main");
        var window = main?.Child("window");
        var targets = summary.Child("targets");
        var fallback = summary.Child("defaultTarget");
        var routes = main is { } m
            ? m.Items("routes").Select(r =>
            {
                var route = r.Text("route");
                var target = targets?.Child(route) ?? fallback;
                return new RouteQuantiles(route, (long)r.Number("count"), r.Number("errorRate"), r.Number("p50Ms"), r.Number("p90Ms"),
                    r.Number("p99Ms"), r.Number("p999Ms"), r.Number("hedgeDelayMs"), r.Flag("sloBreached"), r.Text("breaches"),
                    target?.Number("p99Ms") ?? double.NaN, target?.Number("maxErrorRate") ?? double.NaN);
            }).ToArray()
            : [];
        return new LatencyView(version, Time(window, "from"), Time(window, "to"), routes);
    }

    private static DateTime Time(JsonElement? window, string name) =>
        window is { } w && DateTime.TryParse(w.Text(name), null, System.Globalization.DateTimeStyles.AdjustToUniversal, out var t) ? t : default;
}

/// <summary>One route's probe quantiles (ms), error rate, hedge delay and its SLO state.</summary>
public sealed record RouteQuantiles(string Route, long Probes, double ErrorRate, double P50Ms, double P90Ms, double P99Ms, double P999Ms,
    double HedgeDelayMs, bool SloBreached, string Breaches, double TargetP99Ms, double MaxErrorRate);
