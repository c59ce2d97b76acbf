using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>
/// Publishes the off-policy decision as a gate check: a table whose Thompson policy is estimated worse than the
/// logging policy beyond the tolerance fails (<see cref="PolicyGate"/>). The decision is made before publishing
/// because it needs the logged decisions, not the LUT bytes.
/// </summary>
public sealed class PolicyGateCheck(GateDecision decision) : ILutGateCheck
{
    /// <inheritdoc/>
    public string Name => "off-policy";

    /// <inheritdoc/>
    public LutCheckResult Check(LutFile candidate, LutFile? current) =>
        decision.Publish ? LutCheckResult.Pass(decision.Reason) : LutCheckResult.Fail(decision.Reason);
}
