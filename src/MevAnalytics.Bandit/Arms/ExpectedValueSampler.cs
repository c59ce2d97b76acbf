using MathNet.Numerics.Distributions;

namespace MevAnalytics.Bandit.Arms;

/// <summary>
/// Seeded Monte Carlo over arms' posteriors: landing rate ~ Beta(posterior), payoff given landing ~
/// Normal(mean, standard error) (the uncertainty of the mean, not the spread of single payoffs), tip fixed.
/// Sampled EV = p x payoff - tip. Used for probability-of-best and Thompson policy probabilities.
/// </summary>
public static class ExpectedValueSampler
{
    /// <summary>
    /// Probability that each arm has the highest sampled EV among <paramref name="arms"/> (ties go to the first),
    /// plus per-arm EV quantiles at <paramref name="lowerQuantile"/>/<paramref name="upperQuantile"/>.
    /// </summary>
    public static (double[] ProbabilityBest, double[] EvLower, double[] EvUpper) Sample(
        IReadOnlyList<ArmEstimate> arms, int draws, Random random, double lowerQuantile = 0.05,
        double upperQuantile = 0.95)
    {
        var count = arms.Count;
        var wins = new int[count];
        var ev = new double[count][];
        for (var j = 0; j < count; j++)
        {
            var a = arms[j];
            ev[j] = new double[draws];
            for (var d = 0; d < draws; d++)
            {
                var p = Beta.Sample(random, a.PosteriorAlpha, a.PosteriorBeta);
                var payoff = a.PayoffStdErrSol > 0
                    ? Normal.Sample(random, a.PayoffMeanSol, a.PayoffStdErrSol)
                    : a.PayoffMeanSol;
                ev[j][d] = p * payoff - a.MeanTipSol;
            }
        }
        for (var d = 0; d < draws; d++)
        {
            var best = 0;
            for (var j = 1; j < count; j++) if (ev[j][d] > ev[best][d]) best = j;
            if (count > 0) wins[best]++;
        }
        var lower = new double[count];
        var upper = new double[count];
        for (var j = 0; j < count; j++)
        {
            Array.Sort(ev[j]);
            lower[j] = ev[j][(int)Math.Floor(lowerQuantile * (draws - 1))];
            upper[j] = ev[j][(int)Math.Ceiling(upperQuantile * (draws - 1))];
        }
        return (wins.Select(w => (double)w / draws).ToArray(), lower, upper);
    }
}
