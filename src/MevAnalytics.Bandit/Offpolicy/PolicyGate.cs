namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>
/// Publish gate: a new table whose policy is estimated worse than the logging policy beyond a tolerance is not
/// published. "Worse" compares point estimates: target &lt; logging - max(relative x |logging|, absolute).
/// </summary>
public static class PolicyGate
{
    /// <summary>Decides from an OPE result; EV always, landing rate too when
    /// <see cref="Arms.BanditOptions.GateOnLandingRate"/>.</summary>
    public static GateDecision Evaluate(OffPolicyResult ope, Arms.BanditOptions options,
        OpeEstimator estimator = OpeEstimator.DoublyRobust)
    {
        ArgumentNullException.ThrowIfNull(ope);
        options.Validate();
        if (!ope.Evaluated)
            return options.RequireOffPolicyEvaluation
                ? new GateDecision(false, $"off-policy evaluation required but skipped: {ope.SkipReason}")
                : new GateDecision(true, $"off-policy evaluation skipped, not gated: {ope.SkipReason}");

        var failures = new List<string>();
        var checks = new List<string>();
        Check("EV (SOL/send)", ope.ExpectedValue!);
        if (options.GateOnLandingRate) Check("landing rate", ope.LandingRate!);
        return failures.Count > 0
            ? new GateDecision(false, string.Join("; ", failures))
            : new GateDecision(true, string.Join("; ", checks));

        void Check(string name, OpeMetric metric)
        {
            var estimate = estimator switch
            {
                OpeEstimator.Ips => metric.Ips,
                OpeEstimator.Snips => metric.Snips,
                _ => metric.DoublyRobust,
            };
            var logging = metric.Logging.Estimate;
            var tolerance = Math.Max(options.OpeRelativeTolerance * Math.Abs(logging), options.OpeAbsoluteTolerance);
            var text = $"{name}: {estimator} {estimate.Estimate:G6} [{estimate.Lower:G6}, {estimate.Upper:G6}] " +
                $"vs logging {logging:G6} (tolerance {tolerance:G4})";
            if (estimate.Estimate < logging - tolerance) failures.Add("new policy worse, " + text);
            else checks.Add("ok, " + text);
        }
    }
}
