using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>A point estimate with its interval (delta-method normal in <see cref="AggregateOffPolicyEvaluator"/>).</summary>
public sealed record IntervalEstimate(double Estimate, double Lower, double Upper);

/// <summary>One metric (landing rate, or EV in SOL per send) under the logging policy and estimated for the target policy.</summary>
/// <param name="Logging">On-policy mean of the logged rewards.</param>
/// <param name="Ips">Inverse propensity scoring: mean of w r, w = target / logging probability of the logged action.</param>
/// <param name="Snips">Self-normalised IPS: sum w r / sum w.</param>
/// <param name="DoublyRobust">Mean of sum_a target(a) q(a) + w (r - q(logged action)), q = reward model.</param>
public sealed record OpeMetric(IntervalEstimate Logging, IntervalEstimate Ips, IntervalEstimate Snips, IntervalEstimate DoublyRobust);

/// <summary>Which estimator the gate reads.</summary>
public enum OpeEstimator
{
    /// <summary>Inverse propensity scoring.</summary>
    Ips,
    /// <summary>Self-normalised IPS.</summary>
    Snips,
    /// <summary>Doubly robust.</summary>
    DoublyRobust,
}

/// <summary>Result of <see cref="AggregateOffPolicyEvaluator.Evaluate"/>. When <see cref="Evaluated"/> is false the metrics are null and <see cref="SkipReason"/> says why.</summary>
/// <param name="Evaluated">True when estimates were computed.</param>
/// <param name="SkipReason">Why OPE was skipped, or null.</param>
/// <param name="Decisions">Logged decisions given.</param>
/// <param name="Used">Decisions that entered the estimates.</param>
/// <param name="EffectiveSampleSize">(sum w)^2 / sum w^2 of the importance weights: small values mean the target policy is poorly supported by the log.</param>
/// <param name="MaxWeight">Largest importance weight.</param>
/// <param name="LandingRate">Landing-rate estimates.</param>
/// <param name="ExpectedValue">EV estimates, SOL per send (payoff - tip).</param>
/// <param name="Skipped">Decisions left out, by reason.</param>
public sealed record OffPolicyResult(bool Evaluated, string? SkipReason, int Decisions, int Used, double EffectiveSampleSize, double MaxWeight,
    OpeMetric? LandingRate, OpeMetric? ExpectedValue, SkipTally Skipped);

/// <summary>Whether a new table may be published, and why.</summary>
public sealed record GateDecision(bool Publish, string Reason);
