using MevAnalytics.Bandit.Arms;
using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Tests.Arms;

public class WeightedSumsTests
{
    private static readonly DateTime AsOf = new(2026, 1, 10, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Sums weighted relative to the as-of time (what the database computes) against the per-bucket path as
    /// oracle.</summary>
    [Fact]
    public void Database_weighted_sums_give_the_same_decayed_arms_as_the_bucket_rows()
    {
        var rng = new Random(5);
        var options = new BanditOptions { HalfLife = TimeSpan.FromHours(6) };
        var rows = new List<ArmRollupRow>();
        foreach (var arm in new[] { 0, 1, 2 })
            for (var b = 0; b < 2016; b += 1 + rng.Next(3)) // a week of 5-minute buckets, some missing
            {
                long pulls = 1 + rng.Next(40);
                var lands = (long)rng.Next((int)pulls + 1);
                var payoffs = Enumerable.Range(0, (int)lands).Select(_ => 0.01 * rng.NextDouble() * 3).ToArray();
                rows.Add(new ArmRollupRow(AsOf.AddMinutes(-5 * (b + 1 + arm)), "r", arm, null, pulls, lands,
                    payoffs.Sum(), payoffs.Sum(x => x * x), pulls * (1000.0 + arm)));
            }
        var expected = ArmDecay.Decay(rows, AsOf, options).Arms;

        var sums = rows.GroupBy(r => r.Arm).Select(g =>
        {
            double W(ArmRollupRow r) => Math.Pow(2, -(AsOf - r.BucketStart).TotalHours / 6);
            return new ArmWeightedSums(new ArmKey("r", g.Key, null), g.Count(), g.Max(r => r.BucketStart),
                g.Sum(r => W(r) * r.Pulls), g.Sum(r => W(r) * W(r) * r.Pulls),
                g.Sum(r => W(r) * r.Lands), g.Sum(r => W(r) * W(r) * r.Lands),
                g.Sum(r => W(r) * r.PayoffSum), g.Sum(r => W(r) * r.PayoffSumSquares),
                g.Sum(r => W(r) * r.TipSumLamports),
                new Dictionary<string, int>());
        }).ToList();
        var actual = ArmDecay.FromWeightedSums(sums, AsOf, options).Arms;

        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Key, a.Key);
            Assert.Equal(e.Buckets, a.Buckets);
            Assert.Equal(e.LastBucketStart, a.LastBucketStart);
            foreach (var (x, y) in new[] { (e.DecayedPulls, a.DecayedPulls), (e.DecayedLands, a.DecayedLands),
                         (e.EffectivePulls, a.EffectivePulls), (e.EffectiveLands, a.EffectiveLands),
                         (e.PayoffMeanSol, a.PayoffMeanSol), (e.PayoffVarianceSol2, a.PayoffVarianceSol2),
                         (e.EffectiveLandsForPayoff, a.EffectiveLandsForPayoff), (e.MeanTipSol, a.MeanTipSol) })
                Assert.Equal(x, y, Math.Max(Math.Abs(x), 1e-12) * 1e-9);
        }
    }

    [Fact]
    public void Invalid_bucket_counts_are_tallied_and_arms_without_valid_buckets_dropped()
    {
        var bad = new ArmWeightedSums(new ArmKey("r", 5, null), 0, default, 0, 0, 0, 0, 0, 0, 0,
            new Dictionary<string, int> { ["PayoffSum is negative"] = 2 });
        var good = new ArmWeightedSums(new ArmKey("r", 0, null), 3, AsOf.AddMinutes(-5), 10, 9, 5, 4, 0.05, 0.001,
            10000, new Dictionary<string, int> { ["PayoffSum is not finite"] = 1 });
        var result = ArmDecay.FromWeightedSums([bad, good], AsOf, new BanditOptions());
        Assert.Equal(0, result.Arms.Single().Key.Arm);
        Assert.Equal(2, result.Skipped.Counts["PayoffSum is negative"]);
        Assert.Equal(1, result.Skipped.Counts["PayoffSum is not finite"]);
        Assert.Throws<InputRowException>(
            () => ArmDecay.FromWeightedSums([bad], AsOf, new BanditOptions { StrictInput = true }));
    }
}
