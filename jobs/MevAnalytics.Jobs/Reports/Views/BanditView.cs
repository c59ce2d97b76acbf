using System.Text.Json;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>What the report shows of the current bandit table: arms' posteriors and the off-policy evaluation.</summary>
public sealed record BanditView(int Version, double HalfLifeHours, IReadOnlyList<ArmView> Arms, OffPolicyView OffPolicy)
{
    /// <summary>Reads a bandit summary (pure).</summary>
    public static BanditView FromSummary(int version, JsonElement summary)
    {
        var arms = summary.Items("arms").Where(a => a.Flag("hasPulls")).Select(a => new ArmView(
            a.Text("route"), (int)a.Number("arm"), (long)Math.Round(a.Number("meanTipSol") * 1e9),
            a.Number("posteriorMean"), a.Number("posterior5"), a.Number("posterior95"),
            a.Number("evSol"), a.Number("ev5Sol"), a.Number("ev95Sol"), a.Number("probabilityBest"))).ToArray();
        var ope = summary.Child("offPolicy");
        var estimates = new List<EstimateView>();
        if (ope is { } o)
            foreach (var (name, key) in new[] { ("logging policy", "logging"), ("IPS", "ips"), ("SNIPS", "snips"), ("DR", "doublyRobust") })
            {
                var ev = o.Child("expectedValue")?.Child(key);
                var land = o.Child("landingRate")?.Child(key);
                if (ev is null || land is null) continue;
                estimates.Add(new EstimateView(name, ev.Value.Number("estimate"), ev.Value.Number("lower"), ev.Value.Number("upper"),
                    land.Value.Number("estimate"), land.Value.Number("lower"), land.Value.Number("upper")));
            }
        var view = new OffPolicyView(ope?.Flag("evaluated") ?? false, ope?.Text("skipReason") ?? "no off-policy section in the summary",
            (long)(ope?.Number("decisions") ?? 0), ope?.Number("effectiveSampleSize") ?? double.NaN, estimates,
            ope?.Child("gate")?.Text("reason") ?? "");
        return new BanditView(version, summary.Number("halfLifeHours"), arms, view);
    }
}

/// <summary>One arm of one route: tip size, landing posterior mean with its 90% interval, EV per send with interval, P(best).</summary>
public sealed record ArmView(string Route, int Arm, long TipLamports, double LandMean, double Land5, double Land95,
    double EvSol, double Ev5Sol, double Ev95Sol, double ProbabilityBest);

/// <summary>Off-policy evaluation of the published policy against the logging policy.</summary>
public sealed record OffPolicyView(bool Evaluated, string SkipReason, long Decisions, double EffectiveSampleSize,
    IReadOnlyList<EstimateView> Estimates, string GateReason);

/// <summary>One estimator's EV per send (SOL) and landing rate with their intervals.</summary>
public sealed record EstimateView(string Name, double Ev, double EvLower, double EvUpper, double Land, double LandLower, double LandUpper);
