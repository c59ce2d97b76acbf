using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>One metric (landing rate, or EV in SOL per send) under the logging policy and estimated for the target
/// policy.</summary>
/// <param name="Logging">On-policy mean of the logged rewards.</param>
/// <param name="Ips">Inverse propensity scoring: mean of w r, w = target / logging probability of the logged
/// action.</param>
/// <param name="Snips">Self-normalised IPS: sum w r / sum w.</param>
/// <param name="DoublyRobust">Mean of sum_a target(a) q(a) + w (r - q(logged action)), q = reward model.</param>
public sealed record OpeMetric(
    IntervalEstimate Logging, IntervalEstimate Ips, IntervalEstimate Snips, IntervalEstimate DoublyRobust);
