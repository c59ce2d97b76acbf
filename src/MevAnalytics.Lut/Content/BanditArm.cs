namespace MevAnalytics.Lut;

/// <summary>Posterior and payoff statistics of one tip arm on one route (optionally per leader group).</summary>
/// <param name="Route">Route key.</param>
/// <param name="ArmIndex">Arm index within the route (>= 0).</param>
/// <param name="LeaderGroup">Leader group, or null for the route-wide arm.</param>
/// <param name="Alpha">Beta posterior alpha.</param>
/// <param name="Beta">Beta posterior beta.</param>
/// <param name="DecayedPulls">Exponentially decayed pull count.</param>
/// <param name="DecayedLands">Exponentially decayed landed count.</param>
/// <param name="PayoffMean">Mean payoff (lamports) when landed.</param>
/// <param name="PayoffVariance">Payoff variance.</param>
/// <param name="TipLamports">Tip this arm pays.</param>
/// <param name="LastUpdatedUnixMs">Last observation time.</param>
public sealed record BanditArm(
    string Route,
    int ArmIndex,
    string? LeaderGroup,
    double Alpha,
    double Beta,
    double DecayedPulls,
    double DecayedLands,
    double PayoffMean,
    double PayoffVariance,
    ulong TipLamports,
    long LastUpdatedUnixMs);
