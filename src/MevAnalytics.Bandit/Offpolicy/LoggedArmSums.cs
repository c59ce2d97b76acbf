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
/// the same reasons <see cref="OffPolicyEvaluator"/> uses. Built by the database query or by <see cref="FromDecisions"/>.
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

    /// <summary>
    /// The same reduction the job's ClickHouse query performs, over decisions in memory, with the row checks of
    /// <see cref="OffPolicyEvaluator"/> in its order (route, payoff, tip, then propensity).
    /// </summary>
    public static LoggedDecisionSums FromDecisions(IEnumerable<LoggedDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var arms = new Dictionary<(string, string, int), LoggedArmSums>();
        var skipped = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var d in decisions)
        {
            var reason = string.IsNullOrWhiteSpace(d.Route) ? "Route is empty"
                : !double.IsFinite(d.PayoffSol) ? "PayoffSol is not finite"
                : d.PayoffSol < 0 ? "PayoffSol is negative"
                : !double.IsFinite(d.TipLamports) ? "TipLamports is not finite"
                : d.TipLamports < 0 ? "TipLamports is negative"
                : d.Propensity is not { } mu || !(mu > 0 && mu <= 1) ? MissingPropensity
                : null;
            if (reason is not null)
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }
            var u = 1 / d.Propensity!.Value;
            var key = (d.Context ?? "\0", d.Route, d.Arm);
            var s = arms.TryGetValue(key, out var x) ? x : new LoggedArmSums(d.Context, d.Route, d.Arm, 0, 0, 0, 0, default, default);
            arms[key] = s with
            {
                Count = s.Count + 1, SumU = s.SumU + u, SumU2 = s.SumU2 + u * u, MaxU = Math.Max(s.MaxU, u),
                Land = s.Land.Add(d.Landed ? 1 : 0, u), Value = s.Value.Add(d.PayoffSol - d.TipLamports / 1e9, u),
            };
        }
        return new LoggedDecisionSums([.. arms.Values], skipped);
    }
}
