namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>
/// Sums of one reward r over an action's usable logged decisions, u = 1 / logging propensity. With the target
/// probability pi of the action the importance weight is w = pi u, so these are all IPS, SNIPS and DR need.
/// </summary>
/// <param name="Sum">sum r.</param>
/// <param name="SumSquares">sum r^2.</param>
/// <param name="SumU">sum u r.</param>
/// <param name="SumU2">sum u^2 r.</param>
/// <param name="SumU2Squares">sum u^2 r^2.</param>
public readonly record struct RewardMoments(
    double Sum, double SumSquares, double SumU, double SumU2, double SumU2Squares)
{
    /// <summary>Adds one decision's reward.</summary>
    public RewardMoments Add(double r, double u) =>
        new(Sum + r, SumSquares + r * r, SumU + u * r, SumU2 + u * u * r, SumU2Squares + u * u * r * r);
}
