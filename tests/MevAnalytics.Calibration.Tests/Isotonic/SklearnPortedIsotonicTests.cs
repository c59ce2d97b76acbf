using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Calibration.Tests.Isotonic;

/// <summary>
/// Cases ported from scikit-learn's sklearn/tests/test_isotonic.py, with the expected values stated there
/// (hand-computed or from R's isotone::gpava), not produced by our code.
/// </summary>
public class SklearnPortedIsotonicTests
{
    private static double[] FitTransform(double[] x, double[] y, double[]? w = null, IsotonicConstraints? c = null)
    {
        var m = IsotonicFit.Fit(x, y, w ?? default(ReadOnlySpan<double>), c);
        var r = new double[x.Length];
        m.Predict(x, r);
        return r;
    }

    private static double[] Range(int n) => Enumerable.Range(0, n).Select(i => (double)i).ToArray();

    [Fact]
    public void Isotonic_regression_basic()
    {
        Assert.Equal([3, 6, 6, 8, 8, 8, 10], FitTransform(Range(7), [3, 7, 5, 9, 8, 7, 10]));
        Assert.Equal([4, 4, 4], FitTransform(Range(3), [10, 0, 2]));
    }

    [Fact]
    public void All_x_equal_gives_the_mean() =>
        Assert.All(FitTransform([1, 1, 1], [10, 0, 2]), v => Assert.Equal(4.0, v));

    [Fact]
    public void Ties_on_minimum() =>
        Assert.Equal([1.5, 1.5, 3, 4, 5, 6], FitTransform([1, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6]));

    [Fact]
    public void Ties_on_maximum() =>
        Assert.Equal([1, 2, 3, 4, 5.5, 5.5], FitTransform([1, 2, 3, 4, 5, 5], [1, 2, 3, 4, 5, 6]));

    [Fact]
    public void Secondary_ties_pituitary_matches_R_isotone()
    {
        var got = FitTransform([8, 8, 8, 10, 10, 10, 12, 12, 12, 14, 14],
            [21, 23.5, 23, 24, 21, 25, 21.5, 22, 19, 23.5, 25]);
        double[] expected = [22.22222, 22.22222, 22.22222, 22.22222, 22.22222, 22.22222, 22.22222, 22.22222, 22.22222,
            24.25, 24.25];
        for (int i = 0; i < got.Length; i++) Assert.Equal(expected[i], got[i], 4);
    }

    [Fact]
    public void Ties_in_differently_sized_groups_matches_R_isotone() =>
        Assert.Equal([0.0, 0.25, 0.25, 0.25, 0.25, 1.0], FitTransform([0, 1, 1, 2, 3, 4], [0, 0, 1, 0, 0, 1]));

    [Fact]
    public void Decreasing_fit_is_non_increasing()
    {
        var got = FitTransform(Range(7), [10, 9, 10, 7, 6, 6.1, 5], c: new IsotonicConstraints { Increasing = false });
        for (int i = 1; i < got.Length; i++) Assert.True(got[i] <= got[i - 1]);
        Assert.NotEqual(got[0], got[^1]);
    }

    [Fact]
    public void Unit_weights_equal_no_weights()
    {
        var rng = new Random(42);
        var x = Range(100);
        var y = x.Select(i => rng.Next(-50, 50) + 50.0 * Math.Log(1 + i)).ToArray();
        Assert.Equal(FitTransform(x, y), FitTransform(x, y, Enumerable.Repeat(1.0, 100).ToArray()));
    }

    [Fact]
    public void Min_max_boundaries() =>
        Assert.Equal([2, 2, 2, 3, 4, 4],
            FitTransform(Range(6), Range(6), c: new IsotonicConstraints { YMin = 2, YMax = 4 })
                .Select(v => Math.Round(v)));

    [Fact]
    public void Sample_weight() =>
        Assert.Equal([1, 13.95, 13.95, 13.95, 13.95, 13.95, 24],
            FitTransform([1, 2, 3, 4, 5, 6, 7], [1, 41, 51, 1, 2, 5, 24], [1, 2, 3, 4, 5, 6, 7]));

    [Fact]
    public void Permutation_invariance()
    {
        double[] x = [1, 2, 3, 4, 5, 6, 7], y = [1, 41, 51, 1, 2, 5, 24], w = [1, 2, 3, 4, 5, 6, 7];
        int[] perm = [3, 6, 0, 5, 1, 4, 2];
        var m1 = IsotonicFit.Fit(x, y, w);
        var m2 = IsotonicFit.Fit(perm.Select(i => x[i]).ToArray(), perm.Select(i => y[i]).ToArray(),
            perm.Select(i => w[i]).ToArray());
        Assert.Equal(m1.XThresholds.ToArray(), m2.XThresholds.ToArray());
        Assert.Equal(m1.YThresholds.ToArray(), m2.YThresholds.ToArray());
    }

    [Fact]
    public void Out_of_bounds_clip_returns_end_values()
    {
        var m = IsotonicFit.Fit(Range(7), [3, 7, 5, 9, 8, 7, 10]);
        Assert.Equal(m.Predict(0), m.Predict(-10));
        Assert.Equal(m.Predict(6), m.Predict(16));
        Assert.Equal(3, m.Predict(-1e300));
        Assert.Equal(10, m.Predict(double.PositiveInfinity));
    }

    [Fact]
    public void Duplicate_min_entry_predicts_finite()
    {
        var m = IsotonicFit.Fit([0, 0, 1], [0, 0, 1]);
        Assert.All(new[] { 0.0, 0.5, 1.0 }, t => Assert.True(double.IsFinite(m.Predict(t))));
    }

    [Fact]
    public void Make_unique_tolerance_merges_x_closer_than_1e_15()
    {
        var m = IsotonicFit.Fit([0, 1, 1 + 1e-16, 2], [0, 1, 2, 3]);
        Assert.Equal([0.0, 1.0, 2.0], m.XThresholds.ToArray());
        Assert.Equal([0.0, 1.5, 3.0], m.YThresholds.ToArray());
        Assert.Equal([0, 0.75, 1.5, 2.25, 3], new[] { 0, 0.5, 1, 1.5, 2 }.Select(m.Predict));
        // 1 + 1e-14 is not a tie (sklearn's test_make_unique_tolerance).
        Assert.Equal(3, IsotonicFit.Fit([0, 1e-16, 1, 1 + 1e-14], [0, 1e-16, 1, 1 + 1e-14]).UniqueX);
    }

    [Fact]
    public void No_infinite_slope_between_denormal_knots()
    {
        var m = IsotonicFit.Fit([0.0, 4.1e-320, 4.4e-314, 1.0], [0.42, 0.42, 0.44, 0.44]);
        Assert.All(new[] { 0, 2.1e-319, 5.4e-316, 1e-10 }, t => Assert.True(double.IsFinite(m.Predict(t))));
    }

    [Fact]
    public void Zero_weight_rows_are_ignored()
    {
        var x = Enumerable.Range(0, 50).Select(i => -3 + 6.0 * i / 49).ToArray();
        var rng = new Random(42);
        var y = x.Select(v => v + rng.NextDouble()).ToArray();
        var w = x.Select(_ => rng.NextDouble()).ToArray();
        w[5] = w[6] = w[7] = 0;
        var withZeros = IsotonicFit.Fit(x, y, w);
        var keep = Enumerable.Range(0, 50).Where(i => w[i] > 0).ToArray();
        var without = IsotonicFit.Fit(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray(),
            keep.Select(i => w[i]).ToArray());
        Assert.Equal(without.XThresholds.ToArray(), withZeros.XThresholds.ToArray());
        Assert.Equal(without.YThresholds.ToArray(), withZeros.YThresholds.ToArray());
        Assert.Equal(47, withZeros.Rows);
    }

    [Fact]
    public void Thresholds_are_a_strict_monotone_subset_within_the_y_range()
    {
        var rng = new Random(42);
        foreach (bool increasing in new[] { true, false })
        {
            var x = Enumerable.Range(0, 30).Select(_ => Normal(rng)).ToArray();
            var y = Enumerable.Range(0, 30).Select(_ => Normal(rng)).ToArray();
            var m = IsotonicFit.Fit(x, y, constraints: new IsotonicConstraints { Increasing = increasing });
            Assert.True(m.XThresholds.Length < x.Length);
            Assert.All(m.XThresholds.ToArray(), t => Assert.Contains(t, x));
            Assert.True(m.YThresholds.ToArray().Max() <= y.Max() && m.YThresholds.ToArray().Min() >= y.Min());
            for (int i = 1; i < m.XThresholds.Length; i++)
            {
                Assert.True(m.XThresholds[i] > m.XThresholds[i - 1]);
                Assert.True(increasing
                    ? m.YThresholds[i] >= m.YThresholds[i - 1]
                    : m.YThresholds[i] <= m.YThresholds[i - 1]);
            }
        }
    }

    [Fact]
    public void Trimming_does_not_change_predictions()
    {
        // sklearn's test_fast_predict: trimmed knots interpolate exactly like every pooled point.
        var rng = new Random(123);
        int n = 1000;
        var x = Enumerable.Range(0, n).Select(_ => 20 * rng.NextDouble() - 10).ToArray();
        var y = x.Select(v => rng.NextDouble() < 1 / (1 + Math.Exp(-v)) ? 1.0 : 0.0).ToArray();
        var m = IsotonicFit.Fit(x, y, constraints: new IsotonicConstraints { YMin = 0, YMax = 1 });
        // Reference: unique sorted x with the model's value at each, a piecewise-linear function with every point kept.
        var ux = x.Distinct().OrderBy(v => v).ToArray();
        var uy = ux.Select(m.Predict).ToArray();
        var full = IsotonicModel.FromKnots(ux, uy);
        for (int i = 0; i < 1000; i++)
        {
            double t = 20 * rng.NextDouble() - 10;
            Assert.Equal(full.Predict(t), m.Predict(t), 12);
        }
        Assert.True(m.XThresholds.Length < ux.Length / 4);
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
