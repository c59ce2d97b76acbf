using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Calibration.Tests.Isotonic;

/// <summary>
/// The unweighted fast path (inline (key, y) records, MSD bucket sort, multi-threaded above 2^17 rows) against the
/// weighted path with unit weights (key + row index LSD sort, serial), which the golden scikit-learn cases cover: both
/// must give bit-identical knots, on sizes on both sides of the parallel threshold, with heavy ties and unsorted ties
/// in y, and on score distributions that stress the bucket sort (all equal, one dense cluster, signed zeros).
/// </summary>
public class UnweightedPathTests
{
    [Theory]
    [InlineData(1_000, 1)]
    [InlineData(300_000, 2)]
    [InlineData(700_001, 3)]
    public void Unweighted_equals_unit_weights_bit_for_bit(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = rng.NextDouble();
            // Half the rows on a coarse grid (long tie runs), some negative, the rest continuous.
            x[i] = i % 2 == 0 ? Math.Round(s, 3) : s * 2 - 0.5;
            y[i] = i % 7 == 0 ? rng.NextDouble() : rng.NextDouble() < Math.Clamp(x[i], 0, 1) ? 1 : 0;
        }
        var fast = AssertEqualsUnitWeights(x, y, new IsotonicConstraints { YMin = 0, YMax = 1 });
        Assert.True(fast.XThresholds.Length > 10);
    }

    [Fact]
    public void Decreasing_unweighted_equals_unit_weights()
    {
        var rng = new Random(9);
        int n = 400_000;
        var x = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), 4)).ToArray();
        var y = x.Select(v => 1 - v + rng.NextDouble() * 0.5).ToArray();
        var c = new IsotonicConstraints { Increasing = false };
        AssertEqualsUnitWeights(x, y, c);
    }

    [Theory]
    [InlineData("all-equal", 200_000)]
    [InlineData("one-cluster", 300_000)]
    [InlineData("signed-zeros-and-grid", 250_000)]
    [InlineData("two-values", 150_000)]
    public void Unweighted_equals_unit_weights_on_skewed_scores(string shape, int n)
    {
        var rng = new Random(shape.Length);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            x[i] = shape switch
            {
                "all-equal" => 0.25,
                // Every key shares its top 40 bits: one MSD bucket holds all rows.
                "one-cluster" => 0.5 + Math.Round(u * 1e6) * 1e-12,
                "signed-zeros-and-grid" => i % 3 == 0 ? (i % 2 == 0 ? 0.0 : -0.0) : Math.Round(u * 20) / 20 - 0.5,
                _ => i % 2 == 0 ? 0.1 : 0.9,
            };
            y[i] = i % 5 == 0 ? rng.NextDouble() : rng.NextDouble() < 0.3 + 0.4 * Math.Clamp(x[i], 0, 1) ? 1 : 0;
        }
        var c = new IsotonicConstraints { YMin = 0, YMax = 1 };
        AssertEqualsUnitWeights(x, y, c);
    }

    [Theory]
    [InlineData(1_000, 11, true)]
    [InlineData(300_000, 12, true)]
    [InlineData(700_001, 13, false)]
    public void Packed_outcomes_equal_unit_weights_bit_for_bit(int n, int seed, bool bounded)
    {
        // Only 0/1 labels and non-negative scores: the rows sort as 8-byte packed records and are pooled and solved
        // in one streaming pass.
        var rng = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = rng.NextDouble();
            x[i] = i % 3 == 0 ? Math.Round(s, 3) : i % 3 == 1 ? s * s : 0.5 + i % 7 * 4e-16;
            y[i] = rng.NextDouble() < x[i] ? 1 : 0;
        }
        var c = bounded ? new IsotonicConstraints { YMin = 0, YMax = 1 } : IsotonicConstraints.Default;
        var fast = AssertEqualsUnitWeights(x, y, c);
        Assert.True(fast.XThresholds.Length > 10);
    }

    [Theory]
    [InlineData("bernoulli-square", 197)]
    [InlineData("bernoulli-square", 100_003)]
    [InlineData("bernoulli-square", 1_000_000)]
    [InlineData("tie-every-97", 100_003)]
    [InlineData("long-runs", 50_000)]
    [InlineData("long-runs", 300_001)]
    public void Packed_outcomes_in_tie_free_runs_equal_unit_weights_bit_for_bit(string shape, int n)
    {
        // Continuous scores: the streaming pass takes most points 64 at a time as a word of label bits. Ties now and
        // then send it back to point by point (with a pooled, fractional mean open), long runs of equal labels cross
        // the words' edges, and the sizes are not multiples of 64.
        var rng = new Random(n + shape.Length);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            x[i] = shape == "tie-every-97" && i % 97 == 0 ? Math.Round(u, 2) : u;
            y[i] = shape switch
            {
                // Bands of score mostly 0, then mostly 1.
                "long-runs" => rng.NextDouble() < ((int)(u * 40) % 2 == 0 ? 0.02 : 0.97) ? 1 : 0,
                _ => rng.NextDouble() < u * u ? 1 : 0,
            };
        }
        var fast = AssertEqualsUnitWeights(x, y, new IsotonicConstraints { YMin = 0, YMax = 1 });
        Assert.True(fast.XThresholds.Length > 1);
    }

    [Theory]
    [InlineData(70_000)]
    [InlineData(200_000)]
    public void Strictly_increasing_rows_outgrow_the_block_stack_and_still_equal_unit_weights(int n)
    {
        // Every point is its own block: more blocks than the streaming pass's stack holds (65,536), so it hands
        // over to the pooled arrays.
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var y = x.Select(v => v * 3 - 1).ToArray();
        var fast = AssertEqualsUnitWeights(x, y, IsotonicConstraints.Default);
        Assert.Equal(fast.UniqueX, fast.XThresholds.Length); // seeded Random repeats a few values: ties
    }

    [Theory]
    [InlineData("all-equal", 200_000)]
    [InlineData("two-values", 150_000)]
    [InlineData("one-cluster", 300_000)]
    [InlineData("near-zero", 250_000)]
    public void Packed_outcomes_equal_unit_weights_on_skewed_scores(string shape, int n)
    {
        var rng = new Random(shape.Length + 100);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            x[i] = shape switch
            {
                "all-equal" => 0.25,
                "two-values" => i % 2 == 0 ? 0.1 : 0.9,
                // Every score inside one equal-width bucket of the sample's range but a few.
                "one-cluster" => i % 1000 == 0 ? u : 0.5 + Math.Round(u * 1e6) * 1e-12,
                // Scores spanning many exponents: most of them in the lowest buckets.
                _ => Math.Pow(u, 12),
            };
            y[i] = rng.NextDouble() < 0.2 + 0.6 * x[i] ? 1 : 0;
        }
        var c = new IsotonicConstraints { YMin = 0, YMax = 1 };
        AssertEqualsUnitWeights(x, y, c);
    }

    /// <summary>
    /// Fits the rows unweighted (the fast path) and with unit weights (the reference); both must agree bit for bit
    /// in knots, distinct x and weight sum. Returns the fast fit.
    /// </summary>
    private static IsotonicModel AssertEqualsUnitWeights(double[] x, double[] y, IsotonicConstraints c)
    {
        var fast = IsotonicFit.Fit(x, y, default, c);
        var reference = IsotonicFit.Fit(x, y, Enumerable.Repeat(1.0, x.Length).ToArray(), c);
        Assert.Equal(reference.XThresholds.ToArray(), fast.XThresholds.ToArray());
        Assert.Equal(reference.YThresholds.ToArray(), fast.YThresholds.ToArray());
        Assert.Equal(reference.UniqueX, fast.UniqueX);
        Assert.Equal(reference.WeightSum, fast.WeightSum);
        return fast;
    }

    [Fact]
    public void Weighted_rows_already_in_order_fit_as_when_shuffled()
    {
        // Push-down buckets arrive in score order and skip the sort; ties in x with whole weights, so the pooled sums
        // do not depend on the order the rows came in.
        var rng = new Random(5);
        int n = 20_000;
        var x = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), 3)).Order().ToArray();
        var y = x.Select(v => rng.NextDouble() < v * v ? 1.0 : 0.0).ToArray();
        var w = x.Select(_ => (double)rng.Next(1, 50)).ToArray();
        var perm = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        var ordered = IsotonicFit.Fit(x, y, w);
        var shuffled = IsotonicFit.Fit(perm.Select(i => x[i]).ToArray(), perm.Select(i => y[i]).ToArray(),
            perm.Select(i => w[i]).ToArray());
        Assert.Equal(shuffled.XThresholds.ToArray(), ordered.XThresholds.ToArray());
        Assert.Equal(shuffled.YThresholds.ToArray(), ordered.YThresholds.ToArray());
        Assert.True(ordered.XThresholds.Length > 10);
    }
}
