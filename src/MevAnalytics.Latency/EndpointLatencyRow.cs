namespace MevAnalytics.Latency;

/// <summary>
/// Merged latency rollup of one route x endpoint over a window: sample count, errors, and the round-trip-time
/// quantiles ClickHouse's quantilesTDigestMerge returned. Quantiles may be NaN when the window has no samples.
/// </summary>
public sealed record EndpointLatencyRow(string Route, string Endpoint, long Count, long Errors,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms);
