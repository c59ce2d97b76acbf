using MathNet.Numerics.Distributions;
using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Tests.Simulation;

namespace MevAnalytics.Bandit.Tests.Arms;

public class LargeCountTests
{
    [Fact]
    public void Posterior_quantiles_stay_accurate_for_very_large_counts()
    {
        // 100 sends/s over a 6 h half-life puts ~1e5 effective pulls on an arm; compare with the normal limit.
        var decayed = new[] { 0.31, 0.33 }.Select((p, i) => new DecayedArm(new ArmKey("r", i, null), 2e5, 2e5 * p,
            2e5, 2e5 * p, 0.01, 1e-6, 5e4, true, 1e-4, 100, ArmHistoryGenerator.AsOf)).ToList();
        var (arms, _) = BanditFit.FromDecayed(decayed, new BanditOptions { MonteCarloDraws = 1000 });
        foreach (var a in arms)
        {
            var m = a.LandRateMean;
            var sd = Math.Sqrt(m * (1 - m) / (a.PosteriorAlpha + a.PosteriorBeta + 1));
            Assert.Equal(m + Normal.InvCDF(0, 1, 0.05) * sd, a.LandRateLower, 5);
            Assert.Equal(m + Normal.InvCDF(0, 1, 0.95) * sd, a.LandRateUpper, 5);
        }
    }

    [Fact]
    public void Decay_follows_a_recent_change_in_landing_rate()
    {
        var rng = new Random(12);
        var rows = ArmHistoryGenerator.Rows([new TrueArm("r", 0, 0.6, 0.01, 0.001, 1000)], 6, 30, rng);
        var old = ArmHistoryGenerator.Rows([new TrueArm("r", 0, 0.2, 0.01, 0.001, 1000)], 30, 30, rng)
            .Where(r => r.BucketStart < ArmHistoryGenerator.AsOf.AddHours(-6)).ToList();
        rows.AddRange(old);
        double Rate(double hours) => ArmDecay.Decay(rows, ArmHistoryGenerator.AsOf,
                new BanditOptions { HalfLife = TimeSpan.FromHours(hours) }).Arms[0] is var a
            ? a.DecayedLands / a.DecayedPulls : double.NaN;
        // Weight of the last 6 h of a constant pull rate: 1 - 2^(-6/h) (of the whole, ignoring the 30 h horizon's
        // tail).
        double Expected(double h)
        {
            var recent = 1 - Math.Pow(2, -6 / h);
            var total = 1 - Math.Pow(2, -30 / h);
            return (0.6 * recent + 0.2 * (total - recent)) / total;
        }
        Assert.InRange(Rate(1), Expected(1) - 0.02, Expected(1) + 0.02);
        Assert.InRange(Rate(6), Expected(6) - 0.02, Expected(6) + 0.02);
        Assert.InRange(Rate(1e4), Expected(1e4) - 0.02, Expected(1e4) + 0.02);
        Assert.True(Rate(1) > 0.55 && Rate(1e4) < 0.3);
    }
}
