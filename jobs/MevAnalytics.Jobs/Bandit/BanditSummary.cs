using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Fitting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>The <c>bandit</c> job's summary JSON: per-arm posteriors and EV, best arm per route, OPE or why it was skipped.</summary>
public static class BanditSummary
{
    /// <summary>Builds the serialisable summary (all numbers finite).</summary>
    public static object Create(QueryWindow window, QueryWindow slice, IReadOnlyList<ArmEstimate> arms, IReadOnlyList<RouteSummary> routes,
        SkipTally skipped, OffPolicyResult ope, GateDecision gate, BanditJobOptions options) => new
        {
            Window = new { window.From, window.To },
            HalfLifeHours = options.Model.HalfLife.TotalHours,
            Units = "arms: SOL per send; LUT payoff_mean/payoff_variance: lamports, lamports^2 per landed send",
            SkippedRollupRows = new { skipped.Total, skipped.Counts, skipped.FirstRow },
            Arms = arms.Select(a => new
            {
                a.Key.Route,
                a.Key.Arm,
                a.Key.LeaderGroup,
                a.HasPulls,
                a.EffectivePulls,
                a.DecayedPulls,
                a.DecayedLands,
                PosteriorMean = a.LandRateMean,
                Posterior5 = a.LandRateLower,
                Posterior95 = a.LandRateUpper,
                a.PayoffMeanSol,
                a.PayoffFromRoute,
                a.MeanTipSol,
                EvSol = a.ExpectedValueSol,
                Ev5Sol = a.ExpectedValueLowerSol,
                Ev95Sol = a.ExpectedValueUpperSol,
                a.ProbabilityBest,
            }),
            Routes = routes.Select(r => new
            {
                r.Route,
                r.LeaderGroup,
                r.Arms,
                r.BestArm,
                PBest = r.BestArmProbability,
                BestEvSol = r.BestExpectedValueSol,
                GapToRunnerUpSol = r.GapToRunnerUpSol,
                Prior = new { r.Prior.Alpha, r.Prior.Beta, r.Prior.Source, r.Prior.ArmsInFit, r.Prior.StrengthClamped },
            }),
            OffPolicy = new
            {
                Slice = new { slice.From, slice.To },
                Method = "every decision in the slice, reduced in ClickHouse to per-(route, arm) sums of 1/propensity and its moments with the rewards; intervals are delta-method normal (SNIPS linearised as a ratio)",
                ope.Evaluated,
                ope.SkipReason,
                ope.Decisions,
                ope.Used,
                ope.EffectiveSampleSize,
                ope.MaxWeight,
                ope.LandingRate,
                ope.ExpectedValue,
                Skipped = new { ope.Skipped.Total, ope.Skipped.Counts },
                Gate = new { gate.Publish, gate.Reason, Estimator = options.GateEstimator },
            },
        };
}
