using MevAnalytics.Fitting;

namespace MevAnalytics.Latency;

/// <summary>
/// Latency of a route: its endpoints pooled as a count-weighted mixture, SLO breaches and the suggested hedge delay.
/// </summary>
/// <param name="Route">Route name.</param>
/// <param name="Endpoints">Endpoints with at least MinSamples samples and valid quantiles, i.e. in the mixture.</param>
/// <param name="Count">Samples over all endpoints.</param>
/// <param name="Errors">Errors over all endpoints.</param>
/// <param name="ErrorRate">Errors / Count.</param>
/// <param name="HasQuantiles">False when no endpoint qualified; quantiles and hedge delay are then 0.</param>
/// <param name="P50Ms">Mixture median, ms.</param>
/// <param name="P90Ms">Mixture p90, ms.</param>
/// <param name="P99Ms">Mixture p99, ms.</param>
/// <param name="P999Ms">Mixture p99.9, ms.</param>
/// <param name="HedgeDelayMs">
/// Suggested hedge delay d = Q(1 - h), the smallest delay with P(rtt &gt; d) &lt;= h (h = HedgeTailProbability) under
/// the quantile-interpolated mixture: a send still outstanding at d is among the slowest h, so firing a second send
/// then costs at most h extra sends per send and cuts only the tail.
/// </param>
/// <param name="HedgeFireRate">Fraction of sends expected to trigger the hedge, P(rtt &gt; d) (= h).</param>
/// <param name="Breaches">Failed SLO checks against the mixture quantiles and pooled error rate.</param>
public sealed record RouteLatency(
    string Route, int Endpoints, long Count, long Errors, double ErrorRate, bool HasQuantiles,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double HedgeDelayMs, double HedgeFireRate,
    SloBreach Breaches);
