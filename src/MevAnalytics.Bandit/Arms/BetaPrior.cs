namespace MevAnalytics.Bandit.Arms;

/// <summary>Empirical-Bayes Beta prior of the landing rates of a set of arms.</summary>
/// <param name="Alpha">Prior alpha (&gt; 0).</param>
/// <param name="Beta">Prior beta (&gt; 0).</param>
/// <param name="Source">How it was obtained.</param>
/// <param name="ArmsInFit">Arms that entered the likelihood.</param>
/// <param name="StrengthClamped">True when the MLE strength alpha+beta hit the floor or the ceiling.</param>
public sealed record BetaPrior(double Alpha, double Beta, PriorSource Source, int ArmsInFit, bool StrengthClamped)
{
    /// <summary>Prior mean landing rate.</summary>
    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>Prior strength alpha+beta, in pseudo-pulls.</summary>
    public double Strength => Alpha + Beta;
}
