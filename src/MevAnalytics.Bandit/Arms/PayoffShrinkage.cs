namespace MevAnalytics.Bandit.Arms;

/// <summary>
/// Normal-normal empirical Bayes for the payoff means of a route's arms: x_j ~ N(theta_j, s_j^2),
/// theta_j ~ N(mu, tau^2). mu is the precision-weighted mean, tau^2 the method-of-moments between-arm variance
/// (DerSimonian-Laird, floored at 0), and each mean moves toward mu by s_j^2 / (s_j^2 + tau^2). With tau^2 = 0 every
/// arm gets the pooled mean.
/// </summary>
public static class PayoffShrinkage
{
    /// <summary>
    /// Shrunk (mean, standard error) per arm, in input order; null entries for arms without payoff data or without a
    /// usable standard error (they keep their own or the route's value). Needs two arms with data, else all null.
    /// </summary>
    public static (double Mean, double StdErr)?[] Shrink(IReadOnlyList<DecayedArm> arms)
    {
        var result = new (double, double)?[arms.Count];
        var usable = Enumerable.Range(0, arms.Count)
            .Where(j => arms[j].HasPayoff && arms[j].EffectiveLandsForPayoff > 1 && arms[j].PayoffVarianceSol2 > 0)
            .ToList();
        if (usable.Count < 2) return result;
        var x = usable.Select(j => arms[j].PayoffMeanSol).ToArray();
        var v = usable.Select(j => arms[j].PayoffVarianceSol2 / arms[j].EffectiveLandsForPayoff).ToArray();
        var w = v.Select(s => 1 / s).ToArray();
        var sumW = w.Sum();
        var fixedMean = w.Zip(x, (a, b) => a * b).Sum() / sumW;
        var q = Enumerable.Range(0, x.Length).Sum(i => w[i] * (x[i] - fixedMean) * (x[i] - fixedMean));
        var c = sumW - w.Sum(a => a * a) / sumW;
        var tau2 = c > 0 ? Math.Max(0, (q - (x.Length - 1)) / c) : 0;

        var wr = v.Select(s => 1 / (s + tau2)).ToArray();
        var mu = wr.Zip(x, (a, b) => a * b).Sum() / wr.Sum();
        var varMu = 1 / wr.Sum();
        for (var i = 0; i < usable.Count; i++)
        {
            var b = v[i] / (v[i] + tau2); // weight on mu
            var mean = mu + (1 - b) * (x[i] - mu);
            // Posterior variance of theta_i given mu, plus mu's own uncertainty carried through the weight b.
            var variance = (1 - b) * v[i] + b * b * varMu;
            result[usable[i]] = (mean, Math.Sqrt(variance));
        }
        return result;
    }
}
