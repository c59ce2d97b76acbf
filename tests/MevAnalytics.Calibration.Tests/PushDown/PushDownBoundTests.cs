using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Oracles.PushDown;

namespace MevAnalytics.Calibration.Tests.PushDown;

/// <summary>Tests the bound stated on <see cref="PushDownFit"/> between the bucketed and the exact fit, on random
/// data.</summary>
public class PushDownBoundTests
{
    [Theory]
    [InlineData(1, 1e-1, true, false)]
    [InlineData(2, 1e-2, true, true)]
    [InlineData(3, 1e-3, true, true)]
    [InlineData(4, 1e-4, false, true)]
    [InlineData(5, 3e-2, false, false)]
    public void Bucketed_fit_is_within_the_stated_bound_of_the_exact_fit(int seed, double r, bool increasing,
        bool weighted)
    {
        var rng = new Random(seed);
        int n = 20_000;
        var x = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), 5)).ToArray();
        var y = x.Select(v => rng.NextDouble() < (increasing ? v * v : 1 - v) ? 1.0 : 0.0).ToArray();
        var w = weighted ? x.Select(_ => 0.1 + 2 * rng.NextDouble()).ToArray() : x.Select(_ => 1.0).ToArray();
        var c = new IsotonicConstraints { Increasing = increasing };

        var exact = IsotonicFit.Fit(x, y, w, c);
        var buckets = ScoreBuckets.Aggregate(x, y, w, r);
        var bucketed = PushDownFit.Fit(buckets, c);

        double sse(Func<int, double> pred)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += w[i] * (y[i] - pred(i)) * (y[i] - pred(i));
            return s;
        }
        var f = x.Select(exact.Predict).ToArray();
        var g = x.Select(v => bucketed.Predict(ScoreBuckets.Quantize(v, r))).ToArray();
        double dist2 = 0;
        for (int i = 0; i < n; i++) dist2 += w[i] * (g[i] - f[i]) * (g[i] - f[i]);

        // (1) a posteriori
        double aPosteriori = sse(i => g[i]) - sse(i => f[i]);
        Assert.True(dist2 <= aPosteriori * (1 + 1e-9) + 1e-9, $"||g-f||^2 {dist2} > {aPosteriori}");

        // (2) a priori, from the exact fit's change across each bucket
        var byBucket = Enumerable.Range(0, n).GroupBy(i => ScoreBuckets.Quantize(x[i], r));
        double aPriori = 0, maxOsc = 0;
        foreach (var b in byBucket)
        {
            double osc = b.Max(i => f[i]) - b.Min(i => f[i]);
            maxOsc = Math.Max(maxOsc, osc);
            aPriori += osc * (b.Sum(i => w[i]) * osc + 2 * b.Sum(i => w[i] * Math.Abs(y[i] - f[i])));
        }
        Assert.True(dist2 <= aPriori * (1 + 1e-9) + 1e-9, $"||g-f||^2 {dist2} > a priori {aPriori}");
        double wsum = w.Sum();
        Assert.True(dist2 / wsum <= 3 * maxOsc + 1e-12);

        // The bucketed fit is the exact fit of rows moved to their bucket x (at most r/2 away).
        var moved = IsotonicFit.Fit(x.Select(v => ScoreBuckets.Quantize(v, r)).ToArray(), y, w, c);
        Assert.Equal(moved.XThresholds.Length, bucketed.XThresholds.Length);
        for (int k = 0; k < moved.XThresholds.Length; k++)
        {
            Assert.Equal(moved.XThresholds[k], bucketed.XThresholds[k], 12);
            Assert.Equal(moved.YThresholds[k], bucketed.YThresholds[k], 9);
        }
    }

    [Fact]
    public void Finer_resolution_gives_a_closer_fit()
    {
        var rng = new Random(9);
        int n = 50_000;
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var y = x.Select(v => rng.NextDouble() < v ? 1.0 : 0.0).ToArray();
        var exact = IsotonicFit.Fit(x, y);
        double Rms(double r)
        {
            var m = PushDownFit.Fit(ScoreBuckets.Aggregate(x, y, default, r));
            return Math.Sqrt(x.Average(v => Math.Pow(m.Predict(v) - exact.Predict(v), 2)));
        }
        double coarse = Rms(0.05), fine = Rms(1e-4);
        Assert.True(fine < coarse, $"fine {fine} vs coarse {coarse}");
        Assert.True(fine < 0.02, $"fine {fine}");
    }

    [Fact]
    public void Bad_resolution_and_unsorted_buckets_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreBuckets.Aggregate([0.1], [1], default, 0));
        var e = Assert.Throws<ArgumentException>(() => PushDownFit.Fit(new ScoreBuckets([0.2, 0.1], [1, 1], [1, 0])));
        Assert.Equal("x", e.ParamName);
    }
}
