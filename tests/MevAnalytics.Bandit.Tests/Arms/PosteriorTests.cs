using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;
using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Tests.Simulation;

namespace MevAnalytics.Bandit.Tests.Arms;

public class PosteriorTests
{
    [Fact]
    public void Beta_binomial_mle_recovers_the_generating_prior()
    {
        var rng = new Random(11);
        var arms = new List<(double, double)>();
        for (var i = 0; i < 600; i++)
        {
            var p = Beta.Sample(rng, 4, 12);
            arms.Add((60, Binomial.Sample(rng, p, 60)));
        }
        var prior = BetaBinomialPriorFit.Fit(arms, 2, 1000, PriorSource.RouteFit)!;
        Assert.InRange(prior.Mean, 0.25 - 0.015, 0.25 + 0.015);
        Assert.InRange(prior.Strength, 16 * 0.75, 16 * 1.3);
        Assert.False(prior.StrengthClamped);
    }

    [Fact]
    public void Degenerate_routes_give_finite_priors_within_bounds()
    {
        var allLand = BetaBinomialPriorFit.Fit([(10, 10), (20, 20), (5.5, 5.5)], 2, 1000, PriorSource.RouteFit)!;
        var noneLand = BetaBinomialPriorFit.Fit([(10, 0), (20, 0)], 2, 1000, PriorSource.RouteFit)!;
        var same = BetaBinomialPriorFit.Fit([(1000, 300), (1000, 300), (1000, 300)], 2, 1000, PriorSource.RouteFit)!;
        foreach (var p in new[] { allLand, noneLand, same })
        {
            Assert.True(double.IsFinite(p.Alpha) && p.Alpha > 0 && double.IsFinite(p.Beta) && p.Beta > 0);
            Assert.InRange(p.Strength, 2 - 1e-9, 1000 + 1e-9);
        }
        Assert.True(allLand.Mean > 0.9);
        Assert.True(noneLand.Mean < 0.1);
        Assert.True(same.StrengthClamped); // homogeneous arms push the MLE strength to the ceiling
        Assert.InRange(same.Mean, 0.29, 0.31);
        Assert.Null(BetaBinomialPriorFit.Fit([(10, 3)], 2, 1000, PriorSource.RouteFit));
    }

    [Fact]
    public void Routes_with_one_arm_and_arms_without_pulls_fall_back_and_stay_finite()
    {
        var rng = new Random(3);
        var truth = ArmHistoryGenerator.RouteFromBeta("multi", 4, 3, 3, rng);
        truth.Add(new TrueArm("single", 0, 0.6, 0.01, 0.001, 5000));
        var rows = ArmHistoryGenerator.Rows(truth, 12, 2, rng);
        // Arm 9 of route "multi" exists but never pulled.
        rows.Add(new ArmRollupRow(ArmHistoryGenerator.AsOf.AddHours(-1), "multi", 9, null, 0, 0, 0, 0, 0));
        var options = new BanditOptions { MonteCarloDraws = 2000 };
        var fit = BanditFit.Fit(rows, ArmHistoryGenerator.AsOf, options);

        Assert.Equal(PriorSource.RouteFit, fit.Routes.Single(r => r.Route == "multi").Prior.Source);
        Assert.Equal(PriorSource.GlobalFit, fit.Routes.Single(r => r.Route == "single").Prior.Source);
        var unpulled = fit.Arms.Single(a => a.Key.Arm == 9);
        Assert.False(unpulled.HasPulls);
        var prior = fit.Routes.Single(r => r.Route == "multi").Prior;
        Assert.Equal(prior.Alpha, unpulled.PosteriorAlpha, 12);
        Assert.Equal(0, unpulled.ProbabilityBest);
        Assert.Equal(1.0, fit.Routes.Single(r => r.Route == "single").BestArmProbability);
        AssertFinite(fit);

        var lonely = BanditFit.Fit(ArmHistoryGenerator.Rows([new TrueArm("x", 0, 0.5, 0.01, 0.001, 1)], 1, 2, rng),
            ArmHistoryGenerator.AsOf, options);
        Assert.Equal(PriorSource.Uniform, lonely.Routes[0].Prior.Source);
        AssertFinite(lonely);
        Assert.Empty(BanditFit.Fit([], ArmHistoryGenerator.AsOf, options).Arms);
    }

    [Fact]
    public void Posterior_90pct_intervals_cover_true_rates_90pct_across_arms_and_seeds()
    {
        int covered = 0, total = 0;
        var options = new BanditOptions { MonteCarloDraws = 200 };
        for (var seed = 0; seed < 12; seed++)
        {
            var rng = new Random(1000 + seed);
            var truth = Enumerable.Range(0, 8)
                .SelectMany(r => ArmHistoryGenerator.RouteFromBeta($"route{r}", 6, 2 + r, 6, rng)).ToList();
            var rows = ArmHistoryGenerator.Rows(truth, 36, 0.3 + 0.1 * (seed % 3), rng);
            var fit = BanditFit.Fit(rows, ArmHistoryGenerator.AsOf, options);
            foreach (var t in truth)
            {
                var a = fit.Arms.Single(x => x.Key.Route == t.Route && x.Key.Arm == t.Arm);
                total++;
                if (t.LandRate >= a.LandRateLower && t.LandRate <= a.LandRateUpper) covered++;
            }
        }
        var coverage = (double)covered / total;
        Assert.InRange(coverage, 0.85, 0.95);
    }

    [Fact]
    public void Ev_best_arm_matches_the_true_best_when_the_true_gap_exceeds_the_margin()
    {
        // Margin 0.0004 SOL with ~3,500 effective pulls per arm: the sd of an EV difference is ~0.00012 SOL.
        const double margin = 0.0004;
        int checkedRoutes = 0;
        for (var seed = 0; seed < 10; seed++)
        {
            var rng = new Random(77 + seed);
            var truth = new List<TrueArm>();
            for (var r = 0; r < 6; r++)
            {
                var rate = 0.1 + 0.3 * rng.NextDouble();
                for (var i = 0; i < 6; i++) // more tip lands more often
                {
                    rate = Math.Min(0.97, rate + 0.12 * rng.NextDouble());
                    truth.Add(new TrueArm($"route{r}", i, rate, 0.01 + 0.002 * rng.NextDouble(), 0.003,
                        40_000L * i * i));
                }
            }
            var fit = BanditFit.Fit(ArmHistoryGenerator.Rows(truth, 24, 20, rng), ArmHistoryGenerator.AsOf,
                new BanditOptions { MonteCarloDraws = 2000, Seed = seed });
            foreach (var route in truth.GroupBy(t => t.Route))
            {
                var ranked = route.OrderByDescending(t => t.ExpectedValueSol).ToList();
                if (ranked[0].ExpectedValueSol - ranked[1].ExpectedValueSol < margin) continue;
                checkedRoutes++;
                var summary = fit.Routes.Single(s => s.Route == route.Key);
                Assert.Equal(ranked[0].Arm, summary.BestArm);
                Assert.True(summary.BestArmProbability > 0.5, $"P(best) {summary.BestArmProbability}");
            }
        }
        Assert.True(checkedRoutes >= 15, $"only {checkedRoutes} routes had a true gap above the margin");
    }

    [Fact]
    public void Monte_carlo_probability_of_best_matches_numerical_integration_for_two_beta_arms()
    {
        ArmEstimate Arm(int i, double a, double b) => new(new ArmKey("r", i, null), 0, 0, 1, a, b, a / (a + b), 0, 1,
            1.0, 0, false, 0, a / (a + b), 0, 0, 0, true);
        var arms = new[] { Arm(0, 30, 70), Arm(1, 36, 64) };
        var (p, _, _) = ExpectedValueSampler.Sample(arms, 40_000, new Random(5));
        // P(p1 > p0) = integral of f1(x) F0(x) dx.
        var exact = NewtonCotesTrapeziumRule.IntegrateComposite(
            x => Beta.PDF(36, 64, x) * Beta.CDF(30, 70, x), 0, 1, 20_000);
        Assert.InRange(p[1], exact - 0.01, exact + 0.01);
        Assert.Equal(1.0, p[0] + p[1], 12);
    }

    [Fact]
    public void Thompson_probabilities_sum_to_one_per_context()
    {
        var rng = new Random(8);
        var truth = ArmHistoryGenerator.RouteFromBeta("a", 3, 2, 2, rng)
            .Concat(ArmHistoryGenerator.RouteFromBeta("b", 3, 2, 2, rng));
        var fit = BanditFit.Fit(ArmHistoryGenerator.Rows(truth, 6, 1, rng), ArmHistoryGenerator.AsOf,
            new BanditOptions());
        var policy = ThompsonPolicy.Probabilities(fit.Arms, 5000, 1);
        Assert.Equal(6, policy.Count);
        Assert.Equal(1.0, policy.Values.Sum(), 9);
        Assert.Equal(policy, ThompsonPolicy.Probabilities(fit.Arms, 5000, 1)); // seeded
    }

    internal static void AssertFinite(BanditFitResult fit)
    {
        foreach (var a in fit.Arms)
            foreach (var v in new[] { a.DecayedPulls, a.DecayedLands, a.EffectivePulls, a.PosteriorAlpha,
                         a.PosteriorBeta, a.LandRateMean, a.LandRateLower, a.LandRateUpper, a.PayoffMeanSol,
                         a.PayoffStdErrSol, a.MeanTipSol, a.ExpectedValueSol, a.ExpectedValueLowerSol,
                         a.ExpectedValueUpperSol, a.ProbabilityBest })
                Assert.True(double.IsFinite(v), $"{a.Key}: non-finite value");
        foreach (var r in fit.Routes)
            Assert.True(double.IsFinite(r.BestArmProbability) && double.IsFinite(r.BestExpectedValueSol)
                && double.IsFinite(r.Prior.Alpha) && double.IsFinite(r.Prior.Beta));
    }
}
