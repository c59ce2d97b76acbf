using MevAnalytics.Jobs.Running;
using MevAnalytics.Latency;

namespace MevAnalytics.Jobs.Latency;

/// <summary>The <c>latency</c> job's summary: the main window (what the table holds), every other summary window,
/// and the SLO targets the breaches were judged against.</summary>
/// <param name="Main">The table's window.</param>
/// <param name="Others">The other windows of <c>Latency:SummaryWindows</c>.</param>
/// <param name="HedgeTailProbability">Tail probability the hedge delay is set at.</param>
/// <param name="Targets">SLO targets by route.</param>
/// <param name="DefaultTarget">SLO target of the routes not listed.</param>
public sealed record LatencySummary(LatencyWindowSummary Main, IReadOnlyList<LatencyWindowSummary> Others,
    double HedgeTailProbability, IReadOnlyDictionary<string, SloTarget> Targets, SloTarget DefaultTarget)
{
    /// <summary>The SLO target of <paramref name="route"/>.</summary>
    public SloTarget TargetFor(string route) => Targets.TryGetValue(route, out var t) ? t : DefaultTarget;
}

/// <summary>One window's latency per route and per endpoint, and the rollup rows left out.</summary>
public sealed record LatencyWindowSummary(UtcWindow Window, IReadOnlyList<RouteLatencySummary> Routes,
    IReadOnlyList<EndpointLatencySummary> Endpoints, SkippedRows Skipped)
{
    /// <summary>The summary of <paramref name="result"/> over <paramref name="window"/>.</summary>
    public static LatencyWindowSummary Of(QueryWindow window, LatencyAnalysisResult result) => new(
        UtcWindow.Of(window),
        [.. result.Routes.Select(r => new RouteLatencySummary(r.Route, r.Endpoints, r.Count, r.Errors, r.ErrorRate,
            r.HasQuantiles, r.P50Ms, r.P90Ms, r.P99Ms, r.P999Ms, r.HedgeDelayMs, r.HedgeFireRate,
            r.Breaches.ToString(), r.Breaches != SloBreach.None))],
        [.. result.Endpoints.Select(e => new EndpointLatencySummary(e.Route, e.Endpoint, e.Count, e.Errors,
            e.ErrorRate, e.HasQuantiles, e.P50Ms, e.P90Ms, e.P99Ms, e.P999Ms, e.Breaches.ToString()))],
        SkippedRows.Of(result.Skipped));
}

/// <summary>A route's probes over its endpoints: counts, error rate, quantiles (ms), hedge delay and fire rate, the
/// SLO conditions it breaches.</summary>
public sealed record RouteLatencySummary(string Route, int Endpoints, long Count, long Errors, double ErrorRate,
    bool HasQuantiles, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double HedgeDelayMs,
    double HedgeFireRate, string Breaches, bool SloBreached);

/// <summary>One endpoint of a route: counts, error rate, quantiles (ms) and the SLO conditions it breaches.</summary>
public sealed record EndpointLatencySummary(string Route, string Endpoint, long Count, long Errors, double ErrorRate,
    bool HasQuantiles, double P50Ms, double P90Ms, double P99Ms, double P999Ms, string Breaches);
