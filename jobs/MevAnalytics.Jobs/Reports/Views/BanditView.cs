using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Jobs.Bandit;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>What the report shows of the current bandit table: arms' posteriors and the off-policy
/// evaluation.</summary>
public sealed record BanditView(int Version, double HalfLifeHours, IReadOnlyList<ArmView> Arms, OffPolicyView OffPolicy)
{
    /// <summary>The view of a bandit summary (pure).</summary>
    public static BanditView Of(int version, BanditSummary summary)
    {
        var arms = summary.Arms.Where(a => a.HasPulls).Select(a => new ArmView(a.Route, a.Arm,
            (long)Math.Round(a.MeanTipSol * 1e9), a.PosteriorMean, a.Posterior5, a.Posterior95, a.EvSol, a.Ev5Sol,
            a.Ev95Sol, a.ProbabilityBest)).ToArray();
        var ope = summary.OffPolicy;
        var estimates = new List<EstimateView>();
        if (ope is { ExpectedValue: { } ev, LandingRate: { } land })
            foreach (var (name, of) in Estimators)
            {
                var (e, l) = (of(ev), of(land));
                estimates.Add(new EstimateView(name, e.Estimate, e.Lower, e.Upper, l.Estimate, l.Lower, l.Upper));
            }
        return new BanditView(version, summary.HalfLifeHours, arms, new OffPolicyView(ope.Evaluated,
            ope.SkipReason ?? "", ope.Decisions, ope.EffectiveSampleSize, estimates, ope.Gate.Reason));
    }

    private static readonly (string Name, Func<OpeMetric, IntervalEstimate> Of)[] Estimators =
    [
        ("logging policy", m => m.Logging), ("IPS", m => m.Ips), ("SNIPS", m => m.Snips),
        ("DR", m => m.DoublyRobust),
    ];
}

/// <summary>One arm of one route: tip size, landing posterior mean with its 90% interval, EV per send with interval,
/// P(best).</summary>
public sealed record ArmView(string Route, int Arm, long TipLamports, double LandMean, double Land5, double Land95,
    double EvSol, double Ev5Sol, double Ev95Sol, double ProbabilityBest);

/// <summary>Off-policy evaluation of the published policy against the logging policy.</summary>
public sealed record OffPolicyView(bool Evaluated, string SkipReason, long Decisions, double EffectiveSampleSize,
    IReadOnlyList<EstimateView> Estimates, string GateReason);

/// <summary>One estimator's EV per send (SOL) and landing rate with their intervals.</summary>
public sealed record EstimateView(string Name, double Ev, double EvLower, double EvUpper, double Land, double LandLower,
    double LandUpper);
