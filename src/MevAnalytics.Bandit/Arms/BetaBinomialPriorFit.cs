using MathNet.Numerics;
using MevAnalytics.Fitting.Numerics;

namespace MevAnalytics.Bandit.Arms;

/// <summary>
/// Maximum-likelihood beta-binomial fit of a Beta(alpha, beta) prior to arms' (pulls, lands), the classic
/// empirical-Bayes step. Counts may be fractional (decayed), so the likelihood is written with log-gamma.
/// </summary>
public static class BetaBinomialPriorFit
{
    /// <summary>Keeps the prior mean off 0 and 1 when every arm landed all or none of its sends.</summary>
    private const double MeanMargin = 1e-4;

    /// <summary>
    /// Fits alpha, beta maximising sum_i [lnB(k_i + alpha, n_i - k_i + beta) - lnB(alpha, beta)], parametrised as
    /// mean m = sigmoid(u) (kept within [1e-4, 1 - 1e-4]) and strength s = alpha+beta mapped smoothly onto
    /// [floor, ceiling], minimised with MathNet's Nelder-Mead. Returns null with fewer than two arms.
    /// </summary>
    /// <param name="arms">Effective (pulls, lands) per arm; lands in [0, pulls], pulls &gt; 0.</param>
    /// <param name="strengthFloor">Lower bound on alpha+beta.</param>
    /// <param name="strengthCeiling">Upper bound on alpha+beta.</param>
    /// <param name="source">Recorded on the result.</param>
    /// <param name="strengthPenalty">
    /// Exponent k of a hyperprior p(mean, strength) proportional to strength^-k, turning the MLE into a penalised
    /// (MAP) fit; 0 is plain maximum likelihood. See <see cref="BanditOptions.PriorStrengthPenalty"/>.
    /// </param>
    public static BetaPrior? Fit(IReadOnlyList<(double Pulls, double Lands)> arms, double strengthFloor,
        double strengthCeiling, PriorSource source, double strengthPenalty = 0)
    {
        if (arms.Count < 2) return null;
        foreach (var (n, k) in arms)
            if (!(n > 0) || !(k >= 0) || k > n * (1 + 1e-12) || !double.IsFinite(n))
                throw new ArgumentException(
                    $"Beta-binomial fit needs 0 <= lands <= pulls and pulls > 0, got pulls={n}, lands={k}.",
                    nameof(arms));

        var logFloor = Math.Log(strengthFloor);
        var logSpan = Math.Log(strengthCeiling) - logFloor;
        (double A, double B, double S) Map(double[] x)
        {
            var m = MeanMargin + (1 - 2 * MeanMargin) * Sigmoid(x[0]);
            var s = Math.Exp(logFloor + logSpan * Sigmoid(x[1]));
            return (m * s, (1 - m) * s, s);
        }

        double NegLogLikelihood(double[] x)
        {
            var (a, b, _) = Map(x);
            var lnBPrior = LnBeta(a, b);
            double sum = 0;
            foreach (var (n, k) in arms)
                sum += LnBeta(k + a, Math.Max(n - k, 0) + b) - lnBPrior;
            return -sum + strengthPenalty * Math.Log(a + b);
        }

        // Method-of-moments start: mean of rates, strength from their spread.
        var rates = arms.Select(t => Math.Clamp(t.Lands / t.Pulls, MeanMargin, 1 - MeanMargin)).ToArray();
        var mean = rates.Average();
        var spread = rates.Select(r => (r - mean) * (r - mean)).Sum() / (rates.Length - 1);
        var s0 = spread > 1e-12 ? mean * (1 - mean) / spread - 1 : strengthCeiling;
        s0 = Math.Min(Math.Max(s0, strengthFloor), strengthCeiling);
        var v0 = logSpan > 0 ? Logit(Math.Clamp((Math.Log(s0) - logFloor) / logSpan, 1e-6, 1 - 1e-6)) : 0;
        var u0 = Logit(Math.Clamp((mean - MeanMargin) / (1 - 2 * MeanMargin), 1e-6, 1 - 1e-6));

        var (best, _) = NelderMeadMinimizer.Minimize(NegLogLikelihood, [u0, v0]);
        var (alpha, beta, strength) = Map(best);
        var clamped = strength <= strengthFloor * 1.001 || strength >= strengthCeiling * 0.999;
        return new BetaPrior(alpha, beta, source, arms.Count, clamped);
    }

    /// <summary>ln B(a, b) through log-gamma, valid for fractional arguments.</summary>
    public static double LnBeta(double a, double b) =>
        SpecialFunctions.GammaLn(a) + SpecialFunctions.GammaLn(b) - SpecialFunctions.GammaLn(a + b);

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
