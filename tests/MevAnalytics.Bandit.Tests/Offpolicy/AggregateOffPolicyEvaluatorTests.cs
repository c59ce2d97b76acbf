using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Bandit.Tests.Simulation;
using MevAnalytics.Fitting;
using MevAnalytics.Oracles.Offpolicy;
using static MevAnalytics.Bandit.Tests.Offpolicy.OffPolicyScenario;

namespace MevAnalytics.Bandit.Tests.Offpolicy;

/// <summary>The aggregate (pushed-down) evaluator against the per-row evaluator as oracle, and against ground
/// truth.</summary>
public class AggregateOffPolicyEvaluatorTests
{
    private static readonly double[] Logging = [0.1, 0.3, 0.2, 0.15, 0.25];

    private static IEnumerable<IntervalEstimate> All(OffPolicyResult r) =>
    [
        r.LandingRate!.Logging, r.LandingRate.Ips, r.LandingRate.Snips, r.LandingRate.DoublyRobust,
        r.ExpectedValue!.Logging, r.ExpectedValue.Ips, r.ExpectedValue.Snips, r.ExpectedValue.DoublyRobust,
    ];

    [Fact]
    public void Point_estimates_equal_the_per_row_evaluator_and_intervals_are_close_to_its_bootstrap()
    {
        var log = DecisionLogGenerator.Log(TrueArms, Logging, 4000, new Random(77));
        log[5] = log[5] with { PayoffSol = double.NaN };
        log[6] = log[6] with { Route = " " };
        var target = DecisionLogGenerator.Policy(TrueArms, Target);
        var options = new BanditOptions { Seed = 3 };
        var rows = OffPolicyEvaluator.Evaluate(log, target, BiasedModel(0.05), options, bootstrapResamples: 4000);
        var sums = AggregateOffPolicyEvaluator.Evaluate(LoggedDecisionReduction.FromDecisions(log), target,
            BiasedModel(0.05), options);

        Assert.True(sums.Evaluated);
        Assert.Equal((rows.Decisions, rows.Used, rows.Skipped.Total), (sums.Decisions, sums.Used, sums.Skipped.Total));
        Assert.Equal(rows.Skipped.Counts, sums.Skipped.Counts);
        Assert.Equal(rows.EffectiveSampleSize, sums.EffectiveSampleSize, 1e-9 * rows.EffectiveSampleSize);
        Assert.Equal(rows.MaxWeight, sums.MaxWeight, 1e-12);
        foreach (var (e, a) in All(rows).Zip(All(sums)))
        {
            Assert.Equal(e.Estimate, a.Estimate, 1e-12 * Math.Max(1, Math.Abs(e.Estimate)));
            // Bootstrap percentile bounds (4000 resamples) vs normal bounds: within 10% of the bootstrap width.
            var width = e.Upper - e.Lower;
            Assert.True(width > 0);
            Assert.InRange(a.Lower, e.Lower - 0.1 * width, e.Lower + 0.1 * width);
            Assert.InRange(a.Upper, e.Upper - 0.1 * width, e.Upper + 0.1 * width);
        }
    }

    [Fact]
    public void Split_by_context_matches_the_per_row_evaluator()
    {
        var rng = new Random(12);
        var log = DecisionLogGenerator.Log(TrueArms, Logging, 3000, rng)
            .Select((d, i) => d with { Context = i % 3 == 0 ? "hot" : "cold" }).ToList();
        var target = new Dictionary<ArmKey, double>();
        var model = new Dictionary<ArmKey, (double, double)>();
        foreach (var context in new[] { "hot", "cold" })
            for (var i = 0; i < TrueArms.Length; i++)
            {
                var key = new ArmKey(TrueArms[i].Route, TrueArms[i].Arm, context);
                target[key] = context == "hot" ? Target[i] : Target[TrueArms.Length - 1 - i];
                model[key] = (0.5, 0.001 * i);
            }
        var rows = OffPolicyEvaluator.Evaluate(log, target, new RewardModel(model), new BanditOptions());
        var sums = AggregateOffPolicyEvaluator.Evaluate(LoggedDecisionReduction.FromDecisions(log), target,
            new RewardModel(model), new BanditOptions());
        foreach (var (e, a) in All(rows).Zip(All(sums)))
            Assert.Equal(e.Estimate, a.Estimate, 1e-12 * Math.Max(1, Math.Abs(e.Estimate)));
    }

    [Fact]
    public void Intervals_cover_a_known_target_policys_true_value_in_at_least_90pct_of_seeded_runs()
    {
        var trueLanding = TrueArms.Select((a, i) => Target[i] * a.LandRate).Sum();
        var trueEv = TrueArms.Select((a, i) => Target[i] * a.ExpectedValueSol).Sum();
        var covered = new int[6];
        const int runs = 200;
        var model = BiasedModel(0.05); // a wrong reward model: DR must stay consistent through its correction term
        var target = DecisionLogGenerator.Policy(TrueArms, Target);
        for (var seed = 0; seed < runs; seed++)
        {
            var log = DecisionLogGenerator.Log(TrueArms, Logging, 3000, new Random(50000 + seed * 7919));
            var result = AggregateOffPolicyEvaluator.Evaluate(LoggedDecisionReduction.FromDecisions(log), target,
                model, new BanditOptions());
            Assert.True(result.Evaluated);
            var l = result.LandingRate!;
            var e = result.ExpectedValue!;
            IntervalEstimate[] all = [l.Ips, l.Snips, l.DoublyRobust, e.Ips, e.Snips, e.DoublyRobust];
            for (var k = 0; k < 6; k++)
            {
                var truth = k < 3 ? trueLanding : trueEv;
                if (truth >= all[k].Lower && truth <= all[k].Upper) covered[k]++;
            }
        }
        Assert.All(covered,
            c => Assert.True(c >= 0.9 * runs, $"coverage counts {string.Join(",", covered)} of {runs}"));
    }

    [Fact]
    public void Missing_propensities_and_bad_rows_are_counted_and_skip_ope_with_a_reason()
    {
        var log = DecisionLogGenerator.Log(TrueArms, Logging, 200, new Random(1));
        log[17] = log[17] with { Propensity = null };
        log[42] = log[42] with { Propensity = 0 };
        log[43] = log[43] with { PayoffSol = -1 };
        var target = DecisionLogGenerator.Policy(TrueArms, Target);
        var result = AggregateOffPolicyEvaluator.Evaluate(LoggedDecisionReduction.FromDecisions(log), target,
            BiasedModel(0), new BanditOptions());
        Assert.False(result.Evaluated);
        Assert.Null(result.LandingRate);
        Assert.Contains("2 of 200", result.SkipReason);
        Assert.Equal(2, result.Skipped.Counts[LoggedDecisionSums.MissingPropensity]);
        Assert.Equal(1, result.Skipped.Counts["PayoffSol is negative"]);
        Assert.Contains("skipped", PolicyGate.Evaluate(result, new BanditOptions()).Reason);

        var tolerant = AggregateOffPolicyEvaluator.Evaluate(LoggedDecisionReduction.FromDecisions(log), target,
            BiasedModel(0), new BanditOptions { OpeMaxInvalidPropensityFraction = 0.02 });
        Assert.True(tolerant.Evaluated);
        Assert.Equal(197, tolerant.Used);
        Assert.Throws<InputRowException>(() => AggregateOffPolicyEvaluator.Evaluate(
            LoggedDecisionReduction.FromDecisions(log), target, BiasedModel(0),
            new BanditOptions { StrictInput = true }));

        var uncovered = log.Select(d => d with { Context = "other" }).ToList(); // target only covers the null context
        var none = AggregateOffPolicyEvaluator.Evaluate(LoggedDecisionReduction.FromDecisions(uncovered), target,
            BiasedModel(0), new BanditOptions());
        Assert.False(none.Evaluated);
        var empty = AggregateOffPolicyEvaluator.Evaluate(new LoggedDecisionSums([], new Dictionary<string, long>()),
            target, BiasedModel(0), new BanditOptions());
        Assert.Equal("no usable logged decisions", empty.SkipReason);
        Assert.Throws<ArgumentException>(() => AggregateOffPolicyEvaluator.Evaluate(
            LoggedDecisionReduction.FromDecisions(log), DecisionLogGenerator.Policy(TrueArms, [0.5, 0.5, 0.5, 0, 0]),
            BiasedModel(0), new BanditOptions()));
    }
}
