using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Arms;

/// <summary>
/// Exponentially decayed statistics of one arm. Bucket weight is w = 2^(-age / half-life) with age = as-of - bucket
/// start.
/// </summary>
/// <param name="Key">Arm identity.</param>
/// <param name="DecayedPulls">Sum of w x pulls.</param>
/// <param name="DecayedLands">Sum of w x lands.</param>
/// <param name="EffectivePulls">
/// Kish effective sample size (sum w n)^2 / (sum w^2 n). The Beta posterior uses this, not <see cref="DecayedPulls"/>:
/// the variance of a weighted rate is p(1-p)/EffectivePulls, and under stationary data the decayed sum is only
/// about half of it, which would make 90% intervals cover ~98%.
/// </param>
/// <param name="EffectiveLands">EffectivePulls x DecayedLands / DecayedPulls (keeps the decayed landing rate).</param>
/// <param name="PayoffMeanSol">Decayed mean payoff per landed send, SOL; 0 when there are no lands (see
/// <see cref="HasPayoff"/>).</param>
/// <param name="PayoffVarianceSol2">Unbiased reliability-weighted variance of payoff per landed send, SOL^2; 0 when
/// undefined.</param>
/// <param name="EffectiveLandsForPayoff">Kish effective count of landed sends, for the standard error of the payoff
/// mean.</param>
/// <param name="HasPayoff">False when the arm has no decayed lands, so payoff mean and variance are
/// placeholders.</param>
/// <param name="MeanTipSol">Decayed mean tip per send, SOL (lamports / 1e9).</param>
/// <param name="Buckets">Rollup rows that contributed.</param>
/// <param name="LastBucketStart">Newest contributing bucket.</param>
public sealed record DecayedArm(
    ArmKey Key, double DecayedPulls, double DecayedLands, double EffectivePulls, double EffectiveLands,
    double PayoffMeanSol, double PayoffVarianceSol2, double EffectiveLandsForPayoff, bool HasPayoff,
    double MeanTipSol, int Buckets, DateTime LastBucketStart);
