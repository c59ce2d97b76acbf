namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>
/// Per logged action (context, route, tip arm): the usable decisions of the OPE window reduced to sums.
/// </summary>
/// <param name="Context">Leader group when arms are split by it, else null.</param>
/// <param name="Route">Route.</param>
/// <param name="Arm">Tip arm.</param>
/// <param name="Count">Usable decisions (valid row, propensity in (0, 1]).</param>
/// <param name="SumU">sum u, u = 1 / propensity.</param>
/// <param name="SumU2">sum u^2.</param>
/// <param name="MaxU">max u.</param>
/// <param name="Land">Moments of landed (0/1).</param>
/// <param name="Value">Moments of EV, SOL: payoff - tip.</param>
public sealed record LoggedArmSums(
    string? Context, string Route, int Arm, long Count, double SumU, double SumU2, double MaxU,
    RewardMoments Land, RewardMoments Value);
