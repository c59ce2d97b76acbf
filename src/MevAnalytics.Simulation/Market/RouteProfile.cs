namespace MevAnalytics.Simulation.Market;

/// <summary>
/// A send route (a Jito block-engine region, direct TPU, an RPC relay) as the simulator models it.
/// </summary>
/// <param name="Name">Route name as logged.</param>
/// <param name="Region">Region label of its endpoints.</param>
/// <param name="Endpoints">Endpoint names probed for latency.</param>
/// <param name="BaseLogit">Landing log-odds contribution of the route at the start of the history.</param>
/// <param name="DriftPerDay">Change of <paramref name="BaseLogit"/> per day (negative: the route degrades).</param>
/// <param name="LatencyMedianMs">Median round trip of a probe.</param>
/// <param name="LatencySigma">Log-normal shape of the round trip.</param>
/// <param name="BurstsPerDay">Expected latency bursts per day (each a few minutes of 3-8x round trips).</param>
/// <param name="OutagesPerWeek">Expected outages per week (each 5-30 minutes of failed probes).</param>
public sealed record RouteProfile(
    string Name,
    string Region,
    IReadOnlyList<string> Endpoints,
    double BaseLogit,
    double DriftPerDay,
    double LatencyMedianMs,
    double LatencySigma,
    double BurstsPerDay,
    double OutagesPerWeek);
