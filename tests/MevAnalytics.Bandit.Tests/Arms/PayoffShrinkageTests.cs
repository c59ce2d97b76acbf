using MevAnalytics.Bandit.Arms;

namespace MevAnalytics.Bandit.Tests.Arms;

public class PayoffShrinkageTests
{
    private static DecayedArm Arm(int index, double mean, double variance, double lands) =>
        new(new ArmKey("r", index, null), lands * 2, lands, lands * 2, lands, mean, variance, lands, true, 0, 1,
            DateTime.UnixEpoch);

    [Fact]
    public void Arms_with_a_common_payoff_are_pooled_and_their_ev_ranking_follows_the_landing_rates()
    {
        // Six arms whose payoffs come from one log-normal: sample means differ only by noise, so tau^2 is 0 and
        // every arm gets the precision-weighted mean (computed here independently).
        var rng = new Random(3);
        var arms = new List<DecayedArm>();
        for (var j = 0; j < 6; j++)
        {
            var xs = Enumerable.Range(0, 400).Select(_ =>
                Math.Exp(Math.Log(0.012) + 0.9 * MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1))).ToArray();
            var m = xs.Average();
            arms.Add(Arm(j, m, xs.Sum(x => (x - m) * (x - m)) / (xs.Length - 1), xs.Length));
        }
        var shrunk = PayoffShrinkage.Shrink(arms);
        var w = arms.Select(a => a.EffectiveLandsForPayoff / a.PayoffVarianceSol2).ToArray();
        var pooled = arms.Select((a, i) => w[i] * a.PayoffMeanSol).Sum() / w.Sum();
        Assert.All(shrunk, s => Assert.Equal(pooled, s!.Value.Mean, 12));
        Assert.All(shrunk, s => Assert.Equal(Math.Sqrt(1 / w.Sum()), s!.Value.StdErr, 12));
    }

    [Fact]
    public void Clearly_different_payoffs_keep_their_own_means_and_arms_without_data_are_left_alone()
    {
        DecayedArm[] arms =
        [
            Arm(0, 0.010, 1e-6, 1000), Arm(1, 0.020, 1e-6, 1000), Arm(2, 0.030, 1e-6, 1000),
            new(new ArmKey("r", 3, null), 5, 0, 5, 0, 0, 0, 0, false, 0, 1, DateTime.UnixEpoch),
        ];
        var shrunk = PayoffShrinkage.Shrink(arms);
        for (var j = 0; j < 3; j++)
            Assert.Equal(arms[j].PayoffMeanSol, shrunk[j]!.Value.Mean, 5); // s^2 = 1e-9 << tau^2 = 1e-4
        Assert.Null(shrunk[3]);
        Assert.All(PayoffShrinkage.Shrink([arms[0], arms[3]]), Assert.Null); // one arm with data: nothing to pool
    }
}
