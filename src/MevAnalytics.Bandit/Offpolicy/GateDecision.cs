using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>Whether a new table may be published, and why.</summary>
public sealed record GateDecision(bool Publish, string Reason);
