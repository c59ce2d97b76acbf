using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Fitting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>The <c>bandit</c> job's summary: per-arm posteriors and EV, best arm per route, OPE or why it was
/// skipped.</summary>
/// <param name="Window">The window of the arm rollups.</param>
/// <param name="HalfLifeHours">Half-life of the decay.</param>
/// <param name="Units">Units of the numbers here and in the table.</param>
/// <param name="SkippedRollupRows">Rollup buckets left out, by reason.</param>
/// <param name="Arms">Every arm, in key order.</param>
/// <param name="Routes">Every route (and leader group).</param>
/// <param name="OffPolicy">The off-policy evaluation of the published policy.</param>
public sealed record BanditSummary(UtcWindow Window, double HalfLifeHours, string Units, SkippedRows SkippedRollupRows,
    IReadOnlyList<BanditArmSummary> Arms, IReadOnlyList<BanditRouteSummary> Routes, OffPolicySummary OffPolicy)
{
    /// <summary>What the summary says of the fit and its evaluation.</summary>
    public static BanditSummary Create(QueryWindow window, QueryWindow slice, IReadOnlyList<ArmEstimate> arms,
        IReadOnlyList<RouteSummary> routes, SkipTally skipped, OffPolicyResult ope, GateDecision gate,
        BanditJobOptions options) =>
        new(UtcWindow.Of(window), options.Model.HalfLife.TotalHours,
            "arms: SOL per send; LUT payoff_mean/payoff_variance: lamports, lamports^2 per landed send",
            SkippedRows.Of(skipped), [.. arms.Select(BanditArmSummary.Of)], [.. routes.Select(BanditRouteSummary.Of)],
            new OffPolicySummary(UtcWindow.Of(slice),
                "every decision in the slice, reduced in ClickHouse to per-(route, arm) sums of 1/propensity and its " +
                "moments with the rewards; intervals are delta-method normal (SNIPS linearised as a ratio)",
                ope.Evaluated, ope.SkipReason, ope.Decisions, ope.Used, ope.EffectiveSampleSize, ope.MaxWeight,
                ope.LandingRate, ope.ExpectedValue, new SkippedDecisions(ope.Skipped.Total, ope.Skipped.Counts),
                new PolicyGateSummary(gate.Publish, gate.Reason, options.GateEstimator)));
}

/// <summary>One arm: decayed evidence, landing posterior (mean, 5th and 95th percentile), payoff, tip, EV per send
/// with its interval, and P(best) within its route.</summary>
public sealed record BanditArmSummary(string Route, int Arm, string? LeaderGroup, bool HasPulls,
    double EffectivePulls, double DecayedPulls, double DecayedLands, double PosteriorMean, double Posterior5,
    double Posterior95, double PayoffMeanSol, bool PayoffFromRoute, double MeanTipSol, double EvSol, double Ev5Sol,
    double Ev95Sol, double ProbabilityBest)
{
    /// <summary>The summary of <paramref name="a"/>.</summary>
    public static BanditArmSummary Of(ArmEstimate a) => new(a.Key.Route, a.Key.Arm, a.Key.LeaderGroup, a.HasPulls,
        a.EffectivePulls, a.DecayedPulls, a.DecayedLands, a.LandRateMean, a.LandRateLower, a.LandRateUpper,
        a.PayoffMeanSol, a.PayoffFromRoute, a.MeanTipSol, a.ExpectedValueSol, a.ExpectedValueLowerSol,
        a.ExpectedValueUpperSol, a.ProbabilityBest);
}

/// <summary>One route: its EV-best arm, how sure the policy is of it, the gap to the runner-up and the
/// empirical-Bayes prior of its arms.</summary>
public sealed record BanditRouteSummary(string Route, string? LeaderGroup, int Arms, int? BestArm, double PBest,
    double BestEvSol, double GapToRunnerUpSol, PriorSummary Prior)
{
    /// <summary>The summary of <paramref name="r"/>.</summary>
    public static BanditRouteSummary Of(RouteSummary r) => new(r.Route, r.LeaderGroup, r.Arms, r.BestArm,
        r.BestArmProbability, r.BestExpectedValueSol, r.GapToRunnerUpSol,
        new PriorSummary(r.Prior.Alpha, r.Prior.Beta, r.Prior.Source, r.Prior.ArmsInFit, r.Prior.StrengthClamped));
}

/// <summary>A route's Beta prior and where it came from.</summary>
public sealed record PriorSummary(double Alpha, double Beta, PriorSource Source, int ArmsInFit, bool StrengthClamped);

/// <summary>The off-policy evaluation: the slice of decisions, the method, the estimates (null when skipped) and the
/// gate's decision from them.</summary>
public sealed record OffPolicySummary(UtcWindow Slice, string Method, bool Evaluated, string? SkipReason,
    int Decisions, int Used, double EffectiveSampleSize, double MaxWeight, OpeMetric? LandingRate,
    OpeMetric? ExpectedValue, SkippedDecisions Skipped, PolicyGateSummary Gate);

/// <summary>Decisions left out of the evaluation, by reason.</summary>
public sealed record SkippedDecisions(int Total, IReadOnlyDictionary<string, int> Counts);

/// <summary>The policy gate: publish or not, why, by which estimator.</summary>
public sealed record PolicyGateSummary(bool Publish, string Reason, OpeEstimator Estimator);
