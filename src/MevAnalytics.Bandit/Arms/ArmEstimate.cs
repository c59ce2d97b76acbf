using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Arms;

/// <summary>
/// Everything the LUT stores about one arm: decayed counts, Beta posterior of the landing rate, payoff, tip and
/// expected value. All values are finite.
/// </summary>
/// <param name="Key">Arm identity.</param>
/// <param name="DecayedPulls">Sum of decay-weighted pulls.</param>
/// <param name="DecayedLands">Sum of decay-weighted lands.</param>
/// <param name="EffectivePulls">Kish effective pulls used in the posterior.</param>
/// <param name="PosteriorAlpha">Prior alpha + effective lands (warm start for the runtime's Thompson sampler).</param>
/// <param name="PosteriorBeta">Prior beta + effective pulls - effective lands.</param>
/// <param name="LandRateMean">Posterior mean landing probability.</param>
/// <param name="LandRateLower">Posterior lower quantile (default 5%).</param>
/// <param name="LandRateUpper">Posterior upper quantile (default 95%).</param>
/// <param name="PayoffMeanSol">Decayed mean payoff given landing, SOL (route pooled mean when the arm never
/// landed).</param>
/// <param name="PayoffStdErrSol">Standard error of <see cref="PayoffMeanSol"/>, SOL (0 when pooled or unknown).</param>
/// <param name="PayoffFromRoute">True when the arm had no lands and its payoff is the route's pooled mean.</param>
/// <param name="MeanTipSol">Decayed mean tip per send, SOL.</param>
/// <param name="ExpectedValueSol">P(land) x payoff - tip with posterior means, SOL per send.</param>
/// <param name="ExpectedValueLowerSol">Monte Carlo lower quantile of the EV (same level as the landing rate).</param>
/// <param name="ExpectedValueUpperSol">Monte Carlo upper quantile of the EV.</param>
/// <param name="ProbabilityBest">Posterior probability that this arm has the highest EV within its route (and leader
/// group).</param>
/// <param name="HasPulls">False when the arm has no pulls: its posterior is the prior and it is never chosen as
/// best.</param>
public sealed record ArmEstimate(
    ArmKey Key, double DecayedPulls, double DecayedLands, double EffectivePulls,
    double PosteriorAlpha, double PosteriorBeta, double LandRateMean, double LandRateLower, double LandRateUpper,
    double PayoffMeanSol, double PayoffStdErrSol, bool PayoffFromRoute, double MeanTipSol,
    double ExpectedValueSol, double ExpectedValueLowerSol, double ExpectedValueUpperSol,
    double ProbabilityBest, bool HasPulls);
