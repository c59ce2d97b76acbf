using MevAnalytics.Latency;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Latency;

/// <summary>Latency statistics to LUT <see cref="LatencyQuantiles"/> and <see cref="RouteHedge"/> records.</summary>
public static class LatencyMapping
{
    /// <summary>Endpoint key of a route's pooled row (count-weighted mixture of its endpoints).</summary>
    public const string RouteEndpoint = "*";

    /// <summary>
    /// One row per route x endpoint with quantiles, and one per route under endpoint <c>"*"</c> with the mixture
    /// quantiles. Endpoints or routes without any successful probe have no quantiles and are left out (they are listed
    /// in the summary): a row of zeros would read as "instant".
    /// </summary>
    public static IReadOnlyList<LatencyQuantiles> ToLut(LatencyAnalysisResult result) =>
        result.Endpoints.Where(e => e.HasQuantiles)
            .Select(e => new LatencyQuantiles(e.Route, e.Endpoint, e.Count, e.ErrorRate, e.P50Ms, e.P90Ms, e.P99Ms,
                e.P999Ms))
            .Concat(result.Routes.Where(r => r.HasQuantiles)
                .Select(r => new LatencyQuantiles(r.Route, RouteEndpoint, r.Count, r.ErrorRate, r.P50Ms, r.P90Ms,
                    r.P99Ms, r.P999Ms)))
            .ToList();

    /// <summary>
    /// What the hedged sender reads per route: the suggested hedge delay (ms), its fire rate and the SLO breach bits
    /// (<see cref="SloBreach"/> values as stored). Routes without quantiles have no hedge delay and get no row.
    /// </summary>
    public static IReadOnlyList<RouteHedge> Hedges(LatencyAnalysisResult result) =>
        result.Routes.Where(r => r.HasQuantiles)
            .Select(r => new RouteHedge(r.Route, (uint)r.Breaches, r.HedgeDelayMs, r.HedgeFireRate, r.Count))
            .ToList();
}
