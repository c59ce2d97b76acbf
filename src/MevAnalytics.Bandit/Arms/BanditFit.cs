using MathNet.Numerics.Distributions;

namespace MevAnalytics.Bandit.Arms;

/// <summary>
/// The bandit job's math: rollups -&gt; decayed arms -&gt; empirical-Bayes Beta posteriors -&gt; expected value and
/// the EV-best tip arm per route with its probability of being best.
/// </summary>
public static class BanditFit
{
    /// <summary>Runs decay, prior fit, posteriors and Monte Carlo ranking. Deterministic for a given
    /// <see cref="BanditOptions.Seed"/>.</summary>
    public static BanditFitResult Fit(IEnumerable<ArmRollupRow> rows, DateTime asOf, BanditOptions options)
    {
        var decay = ArmDecay.Decay(rows, asOf, options);
        var (arms, routes) = FromDecayed(decay.Arms, options);
        return new BanditFitResult(arms, routes, decay.Skipped, asOf);
    }

    /// <summary>Posteriors, EV and ranking from already decayed arms (sorted or not).</summary>
    public static (IReadOnlyList<ArmEstimate> Arms, IReadOnlyList<RouteSummary> Routes) FromDecayed(
        IReadOnlyList<DecayedArm> decayed, BanditOptions options)
    {
        options.Validate();
        var sorted = decayed.OrderBy(a => a.Key).ToList();
        var priors = FitPriors(sorted, options);
        var random = new Random(options.Seed);
        var arms = new List<ArmEstimate>(sorted.Count);
        var routes = new List<RouteSummary>();

        foreach (var cell in sorted.GroupBy(a => (a.Key.Route, a.Key.LeaderGroup)))
        {
            var prior = priors[cell.Key.Route];
            var cellArms = cell.ToList();
            var pooledLands = cellArms.Sum(a => a.DecayedLands);
            var pooledPayoff = pooledLands > 0 ? cellArms.Sum(a => a.PayoffMeanSol * a.DecayedLands) / pooledLands : 0;

            var payoffs = options.ShrinkPayoffs ? PayoffShrinkage.Shrink(cellArms) : null;
            var estimates = cellArms.Select((a, j) => Posterior(a, prior, pooledPayoff, options, payoffs?[j])).ToList();
            var eligible = estimates.Where(e => e.HasPulls).ToList();
            var (pBest, evLow, evHigh) = ExpectedValueSampler.Sample(eligible, options.MonteCarloDraws, random,
                options.LowerQuantile, options.UpperQuantile);
            for (var j = 0; j < eligible.Count; j++)
                eligible[j] = eligible[j] with
                {
                    ProbabilityBest = pBest[j],
                    ExpectedValueLowerSol = evLow[j],
                    ExpectedValueUpperSol = evHigh[j]
                };
            var byKey = eligible.ToDictionary(e => e.Key);
            estimates = estimates.Select(e => byKey.TryGetValue(e.Key, out var f) ? f : e).ToList();
            arms.AddRange(estimates);

            var ranked = eligible.OrderByDescending(e => e.ExpectedValueSol).ThenBy(e => e.Key).ToList();
            var best = ranked.FirstOrDefault();
            routes.Add(new RouteSummary(cell.Key.Route, cell.Key.LeaderGroup, prior, best?.Key.Arm,
                best?.ProbabilityBest ?? 0, best?.ExpectedValueSol ?? 0,
                ranked.Count > 1 ? ranked[0].ExpectedValueSol - ranked[1].ExpectedValueSol : 0, estimates.Count));
        }
        return (arms, routes);
    }

    /// <summary>
    /// One prior per route across all its arms (every leader group), from arms with at least
    /// <see cref="BanditOptions.MinPullsForPrior"/> effective pulls; routes with fewer than two such arms use the
    /// fit across all routes' arms, and with fewer than two anywhere, Beta(floor/2, floor/2).
    /// </summary>
    public static IReadOnlyDictionary<string, BetaPrior> FitPriors(IReadOnlyList<DecayedArm> arms,
        BanditOptions options)
    {
        var usable = arms.Where(a => a.EffectivePulls >= options.MinPullsForPrior && a.EffectivePulls > 0).ToList();
        var global = BetaBinomialPriorFit.Fit(usable.Select(a => (a.EffectivePulls, a.EffectiveLands)).ToList(),
                         options.PriorStrengthFloor, options.PriorStrengthCeiling, PriorSource.GlobalFit,
                         options.PriorStrengthPenalty)
                     ?? new BetaPrior(options.PriorStrengthFloor / 2, options.PriorStrengthFloor / 2,
                         PriorSource.Uniform, usable.Count, false);
        var result = new SortedDictionary<string, BetaPrior>(StringComparer.Ordinal);
        foreach (var route in arms.Select(a => a.Key.Route).Distinct())
        {
            var own = usable.Where(a => a.Key.Route == route)
                .Select(a => (a.EffectivePulls, a.EffectiveLands)).ToList();
            result[route] = BetaBinomialPriorFit.Fit(own, options.PriorStrengthFloor, options.PriorStrengthCeiling,
                PriorSource.RouteFit, options.PriorStrengthPenalty) ?? global;
        }
        return result;
    }

    private static ArmEstimate Posterior(DecayedArm a, BetaPrior prior, double pooledPayoff, BanditOptions options,
        (double Mean, double StdErr)? shrunk)
    {
        var alpha = prior.Alpha + a.EffectiveLands;
        var beta = prior.Beta + Math.Max(a.EffectivePulls - a.EffectiveLands, 0);
        var mean = alpha / (alpha + beta);
        var lower = Beta.InvCDF(alpha, beta, options.LowerQuantile);
        var upper = Beta.InvCDF(alpha, beta, options.UpperQuantile);
        var payoff = a.HasPayoff ? a.PayoffMeanSol : pooledPayoff;
        var stdErr = a.HasPayoff && a.EffectiveLandsForPayoff > 0
            ? Math.Sqrt(a.PayoffVarianceSol2 / a.EffectiveLandsForPayoff)
            : 0;
        if (shrunk is { } sh && a.HasPayoff) (payoff, stdErr) = sh;
        var hasPulls = a.EffectivePulls > 0;
        var ev = mean * payoff - a.MeanTipSol;
        return new ArmEstimate(a.Key, a.DecayedPulls, a.DecayedLands, a.EffectivePulls, alpha, beta, mean,
            Finite(lower, 0), Finite(upper, 1), payoff, stdErr, !a.HasPayoff, a.MeanTipSol, ev, ev, ev, 0, hasPulls);
    }

    private static double Finite(double x, double fallback) => double.IsFinite(x) ? x : fallback;
}
