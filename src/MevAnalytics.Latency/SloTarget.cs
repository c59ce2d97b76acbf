using MevAnalytics.Fitting;

namespace MevAnalytics.Latency;

/// <summary>Latency SLO of a route; null members are not checked.</summary>
/// <param name="P50Ms">Maximum acceptable median round-trip time, ms.</param>
/// <param name="P90Ms">Maximum acceptable p90, ms.</param>
/// <param name="P99Ms">Maximum acceptable p99, ms.</param>
/// <param name="P999Ms">Maximum acceptable p99.9, ms.</param>
/// <param name="MaxErrorRate">Maximum acceptable error rate in [0, 1].</param>
public sealed record SloTarget(
    double? P50Ms = null, double? P90Ms = null, double? P99Ms = null, double? P999Ms = null,
    double? MaxErrorRate = null);
