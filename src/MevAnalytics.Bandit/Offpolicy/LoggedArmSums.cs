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
public readonly record struct RewardMoments(double Sum, double SumSquares, double SumU, double SumU2, double SumU2Squares)
{
    /// <summary>Adds one decision's reward.</summary>
    public RewardMoments Add(double r, double u) => new(Sum + r, SumSquares + r * r, SumU + u * r, SumU2 + u * u * r, SumU2Squares + u * u * r * r);
}

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
public sealed record LoggedArmSums(string? Context, string Route, int Arm, long Count, double SumU, double SumU2, double MaxU,
    RewardMoments Land, RewardMoments Value);

/// <summary>
/// A window of logged decisions as per-action sums (<see cref="Arms"/>) plus counts of decisions left out, keyed by
/// the reasons the job's ClickHouse query reports.
/// </summary>
/// <param name="Arms">One entry per action with at least one usable decision.</param>
/// <param name="Skipped">Decisions left out by reason: <see cref="MissingPropensity"/> makes them unsupported, the rest are bad rows.</param>
public sealed record LoggedDecisionSums(IReadOnlyList<LoggedArmSums> Arms, IReadOnlyDictionary<string, long> Skipped)
{
    /// <summary>Skip reason of a decision whose propensity is missing, NaN, zero or above 1.</summary>
    public const string MissingPropensity = "Propensity is missing, zero or outside (0, 1]";

    /// <summary>Skip reason of a decision whose context the target policy does not cover (found by the evaluator).</summary>
    public const string UncoveredContext = "Context is not covered by the target policy";

    /// <summary>Every decision in the window, usable or not.</summary>
    public long Decisions => Arms.Sum(a => a.Count) + Skipped.Values.Sum();
}
