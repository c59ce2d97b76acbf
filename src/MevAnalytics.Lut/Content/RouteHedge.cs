namespace MevAnalytics.Lut;

/// <summary>What the hedged sender needs per route: when to fire a second send, and whether the route breaches its
/// SLO.</summary>
/// <param name="Route">Route key.</param>
/// <param name="SloBreaches">Failed SLO checks as bit flags: 1 p50, 2 p90, 4 p99, 8 p99.9, 16 error rate; 0 = within
/// SLO.</param>
/// <param name="HedgeDelayMs">Suggested hedge delay in milliseconds after the first send.</param>
/// <param name="HedgeFireRate">Expected fraction of sends still outstanding at the delay (so firing the hedge), in [0,
/// 1].</param>
/// <param name="Count">Latency samples the delay was computed from.</param>
public sealed record RouteHedge(string Route, uint SloBreaches, double HedgeDelayMs, double HedgeFireRate, long Count);
