using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>A point estimate with its interval (delta-method normal in
/// <see cref="AggregateOffPolicyEvaluator"/>).</summary>
public sealed record IntervalEstimate(double Estimate, double Lower, double Upper);
