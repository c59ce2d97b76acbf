namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>
/// A window of logged decisions as per-action sums (<see cref="Arms"/>) plus counts of decisions left out, keyed by
/// the reasons the job's ClickHouse query reports.
/// </summary>
/// <param name="Arms">One entry per action with at least one usable decision.</param>
/// <param name="Skipped">Decisions left out by reason: <see cref="MissingPropensity"/> makes them unsupported, the rest
/// are bad rows.</param>
public sealed record LoggedDecisionSums(IReadOnlyList<LoggedArmSums> Arms, IReadOnlyDictionary<string, long> Skipped)
{
    /// <summary>Skip reason of a decision whose propensity is missing, NaN, zero or above 1.</summary>
    public const string MissingPropensity = "Propensity is missing, zero or outside (0, 1]";

    /// <summary>Skip reason of a decision whose context the target policy does not cover (found by the
    /// evaluator).</summary>
    public const string UncoveredContext = "Context is not covered by the target policy";

    /// <summary>Every decision in the window, usable or not.</summary>
    public long Decisions => Arms.Sum(a => a.Count) + Skipped.Values.Sum();
}
