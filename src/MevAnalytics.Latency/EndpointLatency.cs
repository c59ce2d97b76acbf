using MevAnalytics.Fitting;

namespace MevAnalytics.Latency;

/// <summary>Latency of one route x endpoint. Quantiles are 0 and <see cref="HasQuantiles"/> false when the window had
/// none.</summary>
/// <param name="Route">Route name.</param>
/// <param name="Endpoint">Endpoint name.</param>
/// <param name="Count">Samples.</param>
/// <param name="Errors">Failed samples.</param>
/// <param name="ErrorRate">Errors / Count (0 when Count is 0).</param>
/// <param name="HasQuantiles">True when quantiles were present and valid.</param>
/// <param name="P50Ms">Median rtt, ms.</param>
/// <param name="P90Ms">p90 rtt, ms.</param>
/// <param name="P99Ms">p99 rtt, ms.</param>
/// <param name="P999Ms">p99.9 rtt, ms.</param>
/// <param name="Breaches">Failed SLO checks of the route's target.</param>
public sealed record EndpointLatency(
    string Route, string Endpoint, long Count, long Errors, double ErrorRate, bool HasQuantiles,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, SloBreach Breaches);
