using MevAnalytics.Bandit.Arms;
using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Tests.Arms;

public class ArmDecayTests
{
    private static readonly DateTime AsOf = new(2026, 1, 8, 0, 0, 0, DateTimeKind.Utc);

    private static ArmRollupRow Bucket(double hoursAgo, double[] landedPayoffs, long pulls, double tipPerPull,
        string route = "r", int arm = 0) =>
        new(AsOf.AddHours(-hoursAgo), route, arm, "g1", pulls, landedPayoffs.Length, landedPayoffs.Sum(),
            landedPayoffs.Sum(x => x * x), pulls * tipPerPull);

    [Fact]
    public void Decayed_sums_weighted_moments_and_effective_sizes_match_direct_computation()
    {
        double[] now = [0.01, 0.03, 0.02], old = [0.05, 0.07];
        var rows = new[] { Bucket(0, now, 10, 1000), Bucket(6, old, 4, 3000), Bucket(12, [], 8, 500) };
        var arm = Assert.Single(ArmDecay.Decay(rows, AsOf, new BanditOptions()).Arms);

        // Direct: one weight per send, w = 0.5^(age/6h).
        double w0 = 1, w1 = 0.5, w2 = 0.25;
        Assert.Equal(10 * w0 + 4 * w1 + 8 * w2, arm.DecayedPulls, 12);
        Assert.Equal(3 * w0 + 2 * w1, arm.DecayedLands, 12);
        var sumW = 10 * w0 + 4 * w1 + 8 * w2;
        var sumW2 = 10 * w0 * w0 + 4 * w1 * w1 + 8 * w2 * w2;
        Assert.Equal(sumW * sumW / sumW2, arm.EffectivePulls, 9);
        Assert.Equal((10 * 1000 * w0 + 4 * 3000 * w1 + 8 * 500 * w2) / sumW / 1e9, arm.MeanTipSol, 15);

        var weighted = now.Select(x => (W: w0, X: x)).Concat(old.Select(x => (W: w1, X: x))).ToList();
        var v1 = weighted.Sum(t => t.W);
        var v2 = weighted.Sum(t => t.W * t.W);
        var mean = weighted.Sum(t => t.W * t.X) / v1;
        var variance = weighted.Sum(t => t.W * (t.X - mean) * (t.X - mean)) / (v1 - v2 / v1);
        Assert.Equal(mean, arm.PayoffMeanSol, 12);
        Assert.Equal(variance, arm.PayoffVarianceSol2, 12);
        Assert.Equal(v1 * v1 / v2, arm.EffectiveLandsForPayoff, 9);
        Assert.Null(arm.Key.LeaderGroup); // grouping off by default
    }

    [Fact]
    public void Equal_weights_give_the_ordinary_unbiased_sample_variance()
    {
        double[] xs = [0.1, 0.4, 0.25, 0.05];
        var arm = ArmDecay.Decay([Bucket(2, xs, 9, 0)], AsOf, new BanditOptions()).Arms[0];
        var m = xs.Average();
        Assert.Equal(xs.Sum(x => (x - m) * (x - m)) / (xs.Length - 1), arm.PayoffVarianceSol2, 12);
        Assert.Equal(9 * Math.Pow(2, -2.0 / 6), arm.DecayedPulls, 9);
        Assert.Equal(9, arm.EffectivePulls, 9);
    }

    [Fact]
    public void Leader_grouping_splits_arms()
    {
        var rows = new[]
        {
            Bucket(0, [0.1], 2, 0) with { LeaderGroup = "a" }, Bucket(0, [0.1], 2, 0) with { LeaderGroup = "b" }
        };
        Assert.Single(ArmDecay.Decay(rows, AsOf, new BanditOptions()).Arms);
        Assert.Equal(2, ArmDecay.Decay(rows, AsOf, new BanditOptions { GroupByLeader = true }).Arms.Count);
    }

    [Fact]
    public void Invalid_rows_are_counted_or_rejected_in_strict_mode()
    {
        var good = Bucket(1, [0.1], 3, 100);
        var rows = new[]
        {
            good,
            good with { Lands = 5 },
            good with { PayoffSum = double.NaN },
            good with { PayoffSum = -1, PayoffSumSquares = 1 },
            good with { BucketStart = AsOf.AddMinutes(5) },
            good with { TipSumLamports = -3 },
            good with { Pulls = -1 },
        };
        var result = ArmDecay.Decay(rows, AsOf, new BanditOptions());
        Assert.Equal(6, result.Skipped.Total);
        Assert.Equal(1, result.Skipped.Counts["PayoffSum is not finite"]);
        Assert.Equal(2, result.Skipped.FirstRow["PayoffSum is not finite"]);
        Assert.Equal(3, Assert.Single(result.Arms).DecayedPulls * Math.Pow(2, 1.0 / 6), 9);

        var ex = Assert.Throws<InputRowException>(
            () => ArmDecay.Decay(rows, AsOf, new BanditOptions { StrictInput = true }));
        Assert.Equal(1, ex.RowIndex);
        Assert.Contains("Lands", ex.Message);
    }

    [Fact]
    public void Options_validation_names_the_option()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new BanditOptions { HalfLife = TimeSpan.Zero }.Validate());
        Assert.Contains("HalfLife", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new BanditOptions { PriorStrengthCeiling = 1 }.Validate());
        Assert.Contains("PriorStrengthCeiling", ex.Message);
        new BanditOptions().Validate();
    }

    [Theory]
    [InlineData("\uFFFD(\uFFFD", "Route is not valid UTF-8")] // what a decoder makes of the bytes E2 28 A1
    [InlineData("jito\u0007ny", "Route holds a control character")]
    [InlineData(" ", "Route is empty")]
    public void A_route_that_cannot_be_a_key_is_skipped_with_its_reason_and_never_becomes_an_arm(string route,
        string reason)
    {
        var rows = new[] { Bucket(0, [0.01], 10, 1000), Bucket(1, [0.02], 5, 1000, route) };
        var result = ArmDecay.Decay(rows, AsOf, new BanditOptions());

        Assert.Equal("r", Assert.Single(result.Arms).Key.Route);
        Assert.Equal(1, result.Skipped.Counts[reason]);
        Assert.Equal(1, result.Skipped.FirstRow[reason]);
        Assert.Throws<InputRowException>(() => ArmDecay.Decay(rows, AsOf, new BanditOptions { StrictInput = true }));
    }
}
