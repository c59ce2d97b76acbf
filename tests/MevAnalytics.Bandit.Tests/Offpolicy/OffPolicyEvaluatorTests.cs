using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Bandit.Tests.Simulation;
using MevAnalytics.Fitting;
using MevAnalytics.Oracles.Offpolicy;
using static MevAnalytics.Bandit.Tests.Offpolicy.OffPolicyScenario;

namespace MevAnalytics.Bandit.Tests.Offpolicy;

public class OffPolicyEvaluatorTests
{
    private static readonly double[] Logging = [0.2, 0.2, 0.2, 0.2, 0.2];

    [Fact]
    public void Estimates_of_a_known_target_policy_cover_its_true_value_in_at_least_90pct_of_seeded_runs()
    {
        var trueLanding = TrueArms.Select((a, i) => Target[i] * a.LandRate).Sum();
        var trueEv = TrueArms.Select((a, i) => Target[i] * a.ExpectedValueSol).Sum();
        var covered = new int[6];
        const int runs = 100;
        var model = BiasedModel(0.05); // a wrong reward model: DR must stay consistent through its correction term
        var target = DecisionLogGenerator.Policy(TrueArms, Target);
        double meanIps = 0;
        for (var seed = 0; seed < runs; seed++)
        {
            var log = DecisionLogGenerator.Log(TrueArms, Logging, 3000, new Random(90000 + seed * 7919));
            var result = OffPolicyEvaluator.Evaluate(log, target, model, new BanditOptions { Seed = seed },
                bootstrapResamples: 200);
            Assert.True(result.Evaluated);
            var l = result.LandingRate!;
            var e = result.ExpectedValue!;
            IntervalEstimate[] all = [l.Ips, l.Snips, l.DoublyRobust, e.Ips, e.Snips, e.DoublyRobust];
            for (var k = 0; k < 6; k++)
            {
                var truth = k < 3 ? trueLanding : trueEv;
                if (truth >= all[k].Lower && truth <= all[k].Upper) covered[k]++;
            }
            meanIps += l.Ips.Estimate / runs;
        }
        Assert.All(covered,
            c => Assert.True(c >= 0.9 * runs, $"coverage counts {string.Join(",", covered)} of {runs}"));
        Assert.InRange(meanIps, trueLanding - 0.01, trueLanding + 0.01); // IPS is unbiased
    }

    [Fact]
    public void Logging_estimate_and_exact_ips_on_a_tiny_log()
    {
        var target = DecisionLogGenerator.Policy(TrueArms, Target);
        var log = new List<LoggedDecision>
        {
            new(null, "jito-ny", 1, 0.2, true, 0.01, 400_000),
            new(null, "tpu", 0, 0.5, false, 0, 5_000),
        };
        var result = OffPolicyEvaluator.Evaluate(log, target, BiasedModel(0), new BanditOptions());
        // Hand-computed: w = [0.55/0.2, 0.05/0.5] = [2.75, 0.1]; r_land = [1, 0].
        Assert.Equal(0.5, result.LandingRate!.Logging.Estimate, 12);
        Assert.Equal(2.75 / 2, result.LandingRate.Ips.Estimate, 12);
        Assert.Equal(2.75 / 2.85, result.LandingRate.Snips.Estimate, 12);
        var dm = TrueArms.Select((a, i) => Target[i] * a.LandRate).Sum();
        var dr = (dm + 2.75 * (1 - 0.55) + dm + 0.1 * (0 - 0.25)) / 2;
        Assert.Equal(dr, result.LandingRate.DoublyRobust.Estimate, 12);
        Assert.Equal((0.01 - 0.0004 - 0.000005) / 2, result.ExpectedValue!.Logging.Estimate, 12);
        Assert.Equal(2.75 * 2.75 + 0.1 * 0.1, 2.85 * 2.85 / result.EffectiveSampleSize, 9);
    }

    [Fact]
    public void Missing_or_zero_propensities_skip_ope_with_a_reason_and_the_gate_says_so()
    {
        var log = DecisionLogGenerator.Log(TrueArms, Logging, 200, new Random(1));
        log[17] = log[17] with { Propensity = null };
        log[42] = log[42] with { Propensity = 0 };
        var options = new BanditOptions();
        var result = OffPolicyEvaluator.Evaluate(log, DecisionLogGenerator.Policy(TrueArms, Target), BiasedModel(0),
            options);
        Assert.False(result.Evaluated);
        Assert.Null(result.LandingRate);
        Assert.Contains("2 of 200", result.SkipReason);
        Assert.Contains("propensity", result.SkipReason);
        Assert.Equal(17, result.Skipped.FirstRow.Values.Min());

        var pass = PolicyGate.Evaluate(result, options);
        Assert.True(pass.Publish);
        Assert.Contains("skipped", pass.Reason);
        Assert.False(PolicyGate.Evaluate(result, new BanditOptions { RequireOffPolicyEvaluation = true }).Publish);

        // Tolerating 1% invalid rows drops them (counted) and evaluates the rest.
        var tolerant = OffPolicyEvaluator.Evaluate(log, DecisionLogGenerator.Policy(TrueArms, Target), BiasedModel(0),
            new BanditOptions { OpeMaxInvalidPropensityFraction = 0.01 });
        Assert.True(tolerant.Evaluated);
        Assert.Equal(198, tolerant.Used);
    }

    [Fact]
    public void Bad_payoffs_are_counted_and_bad_target_policies_rejected()
    {
        var log = DecisionLogGenerator.Log(TrueArms, Logging, 100, new Random(2));
        log[3] = log[3] with { PayoffSol = double.NaN };
        log[4] = log[4] with { PayoffSol = -0.5 };
        var result = OffPolicyEvaluator.Evaluate(log, DecisionLogGenerator.Policy(TrueArms, Target), BiasedModel(0),
            new BanditOptions());
        Assert.True(result.Evaluated);
        Assert.Equal(98, result.Used);
        Assert.Equal(2, result.Skipped.Total);
        Assert.All(new[]
            {
                result.LandingRate!.Ips, result.LandingRate.Snips, result.LandingRate.DoublyRobust,
                result.ExpectedValue!.DoublyRobust
            },
            e => Assert.True(double.IsFinite(e.Estimate) && double.IsFinite(e.Lower) && double.IsFinite(e.Upper)));

        var ex = Assert.Throws<ArgumentException>(() => OffPolicyEvaluator.Evaluate(log,
            DecisionLogGenerator.Policy(TrueArms, [0.5, 0.5, 0.5, 0, 0]), BiasedModel(0), new BanditOptions()));
        Assert.Contains("sum to 1.5", ex.Message);
        Assert.Throws<InputRowException>(() => OffPolicyEvaluator.Evaluate(log,
            DecisionLogGenerator.Policy(TrueArms, Target), BiasedModel(0), new BanditOptions { StrictInput = true }));
    }

    [Fact]
    public void Gate_fails_a_policy_that_is_worse_than_logging_and_passes_a_better_one()
    {
        var log = DecisionLogGenerator.Log(TrueArms, Logging, 5000, new Random(9));
        var options = new BanditOptions();
        var trueEv = TrueArms.Select(a => a.ExpectedValueSol).ToArray();
        var worstArm = Array.IndexOf(trueEv, trueEv.Min());
        var bestArm = Array.IndexOf(trueEv, trueEv.Max());
        double[] OneHot(int j) => Enumerable.Range(0, TrueArms.Length).Select(i => i == j ? 1.0 : 0.0).ToArray();

        var bad = PolicyGate.Evaluate(OffPolicyEvaluator.Evaluate(log,
            DecisionLogGenerator.Policy(TrueArms, OneHot(worstArm)), BiasedModel(0), options), options);
        Assert.False(bad.Publish);
        Assert.Contains("worse", bad.Reason);
        var good = PolicyGate.Evaluate(OffPolicyEvaluator.Evaluate(log,
            DecisionLogGenerator.Policy(TrueArms, OneHot(bestArm)), BiasedModel(0), options), options);
        Assert.True(good.Publish, good.Reason);
    }

    [Fact]
    public void Thompson_policy_from_a_bandit_fit_evaluates_end_to_end()
    {
        var rng = new Random(4);
        var fit = BanditFit.Fit(ArmHistoryGenerator.Rows(TrueArms, 24, 3, rng), ArmHistoryGenerator.AsOf,
            new BanditOptions { MonteCarloDraws = 2000 });
        var policy = ThompsonPolicy.Probabilities(fit.Arms, 4000, 1);
        var log = DecisionLogGenerator.Log(TrueArms, Logging, 4000, rng);
        var result = OffPolicyEvaluator.Evaluate(log, policy, RewardModel.FromArms(fit.Arms), new BanditOptions());
        var trueEv = TrueArms.Select(a => policy[new ArmKey(a.Route, a.Arm, null)] * a.ExpectedValueSol).Sum();
        Assert.True(result.Evaluated);
        Assert.InRange(trueEv, result.ExpectedValue!.DoublyRobust.Lower, result.ExpectedValue.DoublyRobust.Upper);
        Assert.True(result.ExpectedValue.DoublyRobust.Estimate > result.ExpectedValue.Logging.Estimate);
    }
}
