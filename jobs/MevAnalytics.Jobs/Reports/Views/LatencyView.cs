using MevAnalytics.Jobs.Latency;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>What the report shows of the current latency table: per-route quantiles over the main window and the SLO
/// targets.</summary>
public sealed record LatencyView(int Version, DateTime From, DateTime To, IReadOnlyList<RouteQuantiles> Routes)
{
    /// <summary>The view of a latency summary (pure).</summary>
    public static LatencyView Of(int version, LatencySummary summary) => new(version, summary.Main.Window.From,
        summary.Main.Window.To, [.. summary.Main.Routes.Select(r =>
        {
            var target = summary.TargetFor(r.Route);
            return new RouteQuantiles(r.Route, r.Count, r.ErrorRate, r.P50Ms, r.P90Ms, r.P99Ms, r.P999Ms,
                r.HedgeDelayMs, r.SloBreached, r.Breaches, target.P99Ms ?? double.NaN,
                target.MaxErrorRate ?? double.NaN);
        })]);
}

/// <summary>One route's probe quantiles (ms), error rate, hedge delay and its SLO state.</summary>
public sealed record RouteQuantiles(
    string Route, long Probes, double ErrorRate, double P50Ms, double P90Ms, double P99Ms,
    double P999Ms, double HedgeDelayMs, bool SloBreached, string Breaches, double TargetP99Ms, double MaxErrorRate);
