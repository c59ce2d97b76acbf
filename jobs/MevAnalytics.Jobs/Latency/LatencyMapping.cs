using MevAnalytics.Latency;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Latency;

/// <summary>Latency statistics to LUT <see cref="LatencyQuantiles"/> records.</summary>
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
            .Select(e => new LatencyQuantiles(e.Route, e.Endpoint, e.Count, e.ErrorRate, e.P50Ms, e.P90Ms, e.P99Ms, e.P999Ms))
            .Concat(result.Routes.Where(r => r.HasQuantiles)
                .Select(r => new LatencyQuantiles(r.Route, RouteEndpoint, r.Count, r.ErrorRate, r.P50Ms, r.P90Ms, r.P99Ms, r.P999Ms)))
            .ToList();
}
