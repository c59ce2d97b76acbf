namespace MevAnalytics.Simulation.Truth;

/// <summary>
/// The known monotone distortion between the true landing probability and the runtime's score:
/// score = sigmoid(Gamma * logit(p) + Shift). Its inverse is the true calibration curve E[landed | score].
/// </summary>
public sealed record LandingDistortion(double Gamma, double Shift)
{
    /// <summary>The score the runtime logs for true probability <paramref name="p"/>.</summary>
    public double Score(double p) => Sigmoid(Gamma * Logit(p) + Shift);

    /// <summary>The true calibrated probability for a score: the curve a perfect calibration fit recovers.</summary>
    public double TrueProbability(double score) => Sigmoid((Logit(score) - Shift) / Gamma);

    internal static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    internal static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-12, 1 - 1e-12);
        return Math.Log(p / (1 - p));
    }
}
