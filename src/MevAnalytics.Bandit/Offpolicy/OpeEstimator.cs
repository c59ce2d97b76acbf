using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Offpolicy;

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
