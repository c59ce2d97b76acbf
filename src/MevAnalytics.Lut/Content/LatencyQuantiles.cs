namespace MevAnalytics.Lut;

/// <summary>Latency distribution summary of one route x endpoint.</summary>
/// <param name="Route">Route key.</param>
/// <param name="Endpoint">Endpoint key.</param>
/// <param name="Count">Observations.</param>
/// <param name="ErrorRate">Share of failed sends, in [0, 1].</param>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P90Ms">90th percentile.</param>
/// <param name="P99Ms">99th percentile.</param>
/// <param name="P999Ms">99.9th percentile.</param>
public sealed record LatencyQuantiles(
    string Route,
    string Endpoint,
    long Count,
    double ErrorRate,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms);
