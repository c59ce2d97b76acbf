using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>Result of <see cref="AggregateOffPolicyEvaluator.Evaluate"/>. When <see cref="Evaluated"/> is false the
/// metrics are null and <see cref="SkipReason"/> says why.</summary>
/// <param name="Evaluated">True when estimates were computed.</param>
/// <param name="SkipReason">Why OPE was skipped, or null.</param>
/// <param name="Decisions">Logged decisions given.</param>
/// <param name="Used">Decisions that entered the estimates.</param>
/// <param name="EffectiveSampleSize">(sum w)^2 / sum w^2 of the importance weights: small values mean the target policy
/// is poorly supported by the log.</param>
/// <param name="MaxWeight">Largest importance weight.</param>
/// <param name="LandingRate">Landing-rate estimates.</param>
/// <param name="ExpectedValue">EV estimates, SOL per send (payoff - tip).</param>
/// <param name="Skipped">Decisions left out, by reason.</param>
public sealed record OffPolicyResult(
    bool Evaluated, string? SkipReason, int Decisions, int Used, double EffectiveSampleSize, double MaxWeight,
    OpeMetric? LandingRate, OpeMetric? ExpectedValue, SkipTally Skipped);
