using MevAnalytics.Bandit.Arms;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>Fitted arms to LUT <see cref="BanditArm"/> records (payoff in lamports, as the LUT format
/// specifies).</summary>
public static class BanditArmMapping
{
    private const double LamportsPerSol = 1e9;

    /// <summary>
    /// One record per arm with pulls: posterior alpha/beta, decayed pulls and lands, payoff mean and variance per
    /// landed send (lamports, lamports^2; the route's pooled mean with variance 0 for an arm that never landed), mean
    /// tip, newest bucket. Arms without pulls carry only the prior and are left out (the runtime falls back to its
    /// default).
    /// </summary>
    public static IReadOnlyList<BanditArm> ToLut(IReadOnlyList<ArmEstimate> arms, IReadOnlyList<DecayedArm> decayed)
    {
        var byKey = decayed.ToDictionary(d => d.Key);
        var records = new List<BanditArm>(arms.Count);
        foreach (var a in arms.Where(a => a.HasPulls))
        {
            var d = byKey[a.Key];
            var variance = a.PayoffFromRoute ? 0 : d.PayoffVarianceSol2;
            records.Add(new BanditArm(a.Key.Route, a.Key.Arm, a.Key.LeaderGroup, a.PosteriorAlpha, a.PosteriorBeta,
                a.DecayedPulls, a.DecayedLands, a.PayoffMeanSol * LamportsPerSol,
                variance * LamportsPerSol * LamportsPerSol,
                (ulong)Math.Round(Math.Max(0, a.MeanTipSol) * LamportsPerSol), QueryWindow.UnixMs(d.LastBucketStart)));
        }
        return records;
    }
}
