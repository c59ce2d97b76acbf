using MevAnalytics.Bandit.Offpolicy;

namespace MevAnalytics.Oracles.Offpolicy;

/// <summary>Test oracle: the job's per-action OPE reduction, over decisions in memory.</summary>
public static class LoggedDecisionReduction
{
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
                : d.Propensity is not { } mu || !(mu > 0 && mu <= 1) ? LoggedDecisionSums.MissingPropensity
                : null;
            if (reason is not null)
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                continue;
            }
            var u = 1 / d.Propensity!.Value;
            var key = (d.Context ?? "\0", d.Route, d.Arm);
            var s = arms.TryGetValue(key, out var x)
                ? x
                : new LoggedArmSums(d.Context, d.Route, d.Arm, 0, 0, 0, 0, default, default);
            arms[key] = s with
            {
                Count = s.Count + 1,
                SumU = s.SumU + u,
                SumU2 = s.SumU2 + u * u,
                MaxU = Math.Max(s.MaxU, u),
                Land = s.Land.Add(d.Landed ? 1 : 0, u),
                Value = s.Value.Add(d.PayoffSol - d.TipLamports / 1e9, u),
            };
        }
        return new LoggedDecisionSums([.. arms.Values], skipped);
    }
}
