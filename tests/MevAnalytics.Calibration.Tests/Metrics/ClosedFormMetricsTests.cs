using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Metrics;

namespace MevAnalytics.Calibration.Tests.Metrics;

public class ClosedFormMetricsTests
{
    [Fact]
    public void Murphy_decomposition_by_hand()
    {
        // Bins {0.2: labels 0,1} and {0.8: labels 1,1}: BS = 0.19, REL = 0.065, RES = 0.0625, UNC = 0.1875.
        double[] p = [0.2, 0.2, 0.8, 0.8], y = [0, 1, 1, 1];
        var d = BrierDecomposition.Compute(p, y, default,
            ReliabilityDiagram.Compute(p, y, default, 10, BinningStrategy.EqualWidth));
        Assert.Equal(0.19, d.Brier, 15);
        Assert.Equal(0.065, d.Reliability, 15);
        Assert.Equal(0.0625, d.Resolution, 15);
        Assert.Equal(0.1875, d.Uncertainty, 15);
    }

    [Fact]
    public void Identity_holds_exactly_when_forecasts_are_constant_within_bins_and_not_otherwise()
    {
        var rng = new Random(5);
        double[] levels = [0.03, 0.27, 0.55, 0.61, 0.98]; // one level per equal-width bin of 10
        int n = 5000;
        var p = Enumerable.Range(0, n).Select(_ => levels[rng.Next(levels.Length)]).ToArray();
        var y = p.Select(v => rng.NextDouble() < v * v ? 1.0 : 0.0).ToArray();
        var w = p.Select(_ => 0.5 + rng.NextDouble()).ToArray();
        var d = BrierDecomposition.Compute(p, y, w,
            ReliabilityDiagram.Compute(p, y, w, 10, BinningStrategy.EqualWidth));
        Assert.True(Math.Abs(d.Residual) < 1e-14, $"residual {d.Residual}");

        // Forecasts that vary inside bins break the identity by the within-bin term.
        var p2 = p.Select(v => v + (rng.NextDouble() - 0.5) * 0.02).ToArray();
        var d2 = BrierDecomposition.Compute(p2, y, w,
            ReliabilityDiagram.Compute(p2, y, w, 10, BinningStrategy.EqualWidth));
        Assert.True(Math.Abs(d2.Residual) > 1e-6, $"residual {d2.Residual}");
    }

    [Fact]
    public void Perfectly_calibrated_constant_bins_have_zero_ece()
    {
        // Each level's labels are exactly at its frequency: 1 of 4 at 0.25, 3 of 4 at 0.75.
        double[] p = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75], y = [1, 0, 0, 0, 1, 1, 1, 0];
        var d = ReliabilityDiagram.Compute(p, y, default, 4, BinningStrategy.EqualWidth);
        Assert.Equal(0, d.ExpectedCalibrationError, 15);
        var off = ReliabilityDiagram.Compute(p, y.Select(_ => 1.0).ToArray(), default, 4, BinningStrategy.EqualWidth);
        Assert.Equal(0.5, off.ExpectedCalibrationError, 15); // gaps 0.75 and 0.25, each half the mass
        Assert.Equal(0.75, off.MaximumCalibrationError, 15);
    }

    [Fact]
    public void Log_loss_clips_certain_wrong_forecasts()
    {
        Assert.Equal(-Math.Log(1e-15), LogLoss.Compute([0.0], [1.0]), 6);
        Assert.Equal((-Math.Log(0.8) - Math.Log(0.6)) / 2, LogLoss.Compute([0.8, 0.4], [1, 0]), 15);
        Assert.Throws<ArgumentException>(() => LogLoss.Compute([1.2], [1.0]));
    }

    [Fact]
    public void Ev_bias_mae_and_slope_against_MathNet_Fit_Line()
    {
        var rng = new Random(17);
        int n = 4000;
        var pred = Enumerable.Range(0, n).Select(_ => 100 + 3 * rng.NextDouble()).ToArray();
        var real = pred.Select(v => 0.7 * v + 20 + (rng.NextDouble() - 0.5)).ToArray();
        var m = EvMetrics.Compute(pred, real);
        var (intercept, slope) = MathNet.Numerics.Fit.Line(pred, real);
        Assert.Equal(slope, m.Slope!.Value, 9);
        Assert.Equal(intercept, m.Intercept!.Value, 7);
        Assert.Equal(real.Zip(pred, (r, p) => r - p).Average(), m.Bias, 12);
        Assert.Equal(real.Zip(pred, (r, p) => Math.Abs(r - p)).Average(), m.MeanAbsoluteError, 12);
        Assert.Null(EvMetrics.Compute([1.0, 1.0], [0.0, 2.0]).Slope);
    }

    [Fact]
    public void Weighted_ev_metrics_equal_replicated_rows()
    {
        double[] pred = [1, 2, 3, 5], real = [1.5, 1.0, 4.0, 4.5], w = [1, 3, 2, 1];
        var rep = pred.SelectMany((v, i) => Enumerable.Repeat(v, (int)w[i])).ToArray();
        var repReal = real.SelectMany((v, i) => Enumerable.Repeat(v, (int)w[i])).ToArray();
        var a = EvMetrics.Compute(pred, real, w);
        var b = EvMetrics.Compute(rep, repReal);
        Assert.Equal(b.Bias, a.Bias, 14);
        Assert.Equal(b.MeanAbsoluteError, a.MeanAbsoluteError, 14);
        Assert.Equal(b.Slope!.Value, a.Slope!.Value, 13);
    }

    [Fact]
    public void Isotonic_calibration_lowers_holdout_ece_of_a_miscalibrated_score()
    {
        // Ground truth: P(land | s) = s^2; the raw score s overstates it.
        var rng = new Random(3);
        double[] Draw(int n, out double[] labels)
        {
            var s = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            labels = s.Select(v => rng.NextDouble() < v * v ? 1.0 : 0.0).ToArray();
            return s;
        }
        var train = Draw(20000, out var trainY);
        var hold = Draw(20000, out var holdY);
        var model = IsotonicFit.Fit(train, trainY, constraints: new IsotonicConstraints { YMin = 0, YMax = 1 });
        var m = CalibrationEvaluator.EvaluateProbability("*", model, hold, holdY);
        Assert.True(m.After.EceEqualMass < m.Before.EceEqualMass / 3,
            $"{m.After.EceEqualMass} vs {m.Before.EceEqualMass}");
        Assert.True(m.After.LogLoss < m.Before.LogLoss);
        Assert.True(m.After.Brier.Reliability < m.Before.Brier.Reliability);
        // Raw score's ECE has a closed form here: E|s - s^2| = 1/6.
        Assert.Equal(1.0 / 6, m.Before.EceEqualWidth, 1);
    }

    [Fact]
    public void Probability_metrics_check_their_columns_once_and_equal_each_metric_alone()
    {
        var rng = new Random(5);
        var p = Enumerable.Range(0, 5_000).Select(_ => rng.NextDouble()).ToArray();
        var y = p.Select(v => rng.NextDouble() < v ? 1.0 : 0.0).ToArray();
        var w = p.Select(_ => 1 + rng.Next(5) * 1.0).ToArray();
        var m = ProbabilityMetrics.Compute(p, y, w, 12);
        var mass = ReliabilityDiagram.Compute(p, y, w, 12, BinningStrategy.EqualMass);
        var width = ReliabilityDiagram.Compute(p, y, w, 12, BinningStrategy.EqualWidth);
        Assert.Equal(BrierDecomposition.Compute(p, y, w, mass), m.Brier);
        Assert.Equal(LogLoss.Compute(p, y, w), m.LogLoss);
        Assert.Equal((mass.ExpectedCalibrationError, mass.MaximumCalibrationError),
            (m.EceEqualMass, m.MceEqualMass));
        Assert.Equal((width.ExpectedCalibrationError, width.MaximumCalibrationError),
            (m.EceEqualWidth, m.MceEqualWidth));

        // The one check still names the column and the first bad row.
        var bad = (double[])p.Clone();
        bad[17] = 1.5;
        var e = Assert.Throws<ArgumentException>(() => ProbabilityMetrics.Compute(bad, y, w));
        Assert.Contains("'forecast'", e.Message);
        Assert.Contains("row 17", e.Message);
        var nanLabel = (double[])y.Clone();
        nanLabel[3] = double.NaN;
        Assert.Contains("'label'",
            Assert.Throws<ArgumentException>(() => ProbabilityMetrics.Compute(p, nanLabel, w)).Message);
        var negative = (double[])w.Clone();
        negative[9] = -1;
        Assert.Contains("'weight'",
            Assert.Throws<ArgumentException>(() => ProbabilityMetrics.Compute(p, y, negative)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityMetrics.Compute(p, y, w, 0));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(15)]
    public void Equal_width_bins_put_a_forecast_on_an_interior_edge_in_the_lower_bin(int bins)
    {
        // Every edge (as numpy's linspace computes it), its neighbours one ulp away, and random forecasts: each bin's
        // count must be the count of forecasts whose first edge at or above them is that bin's upper edge.
        var edges = Enumerable.Range(0, bins + 1).Select(i => i == bins ? 1.0 : i * (1.0 / bins)).ToArray();
        var rng = new Random(3);
        var p = edges.SelectMany(e => new[] { e, Math.BitDecrement(e), Math.BitIncrement(e) })
            .Concat(Enumerable.Range(0, 2000).Select(_ => rng.NextDouble())).Where(v => v is >= 0 and <= 1).ToArray();
        var y = p.Select(_ => 0.0).ToArray();
        var expected = new long[bins];
        foreach (var v in p) expected[edges.Skip(1).Take(bins - 1).Count(e => e < v)]++;
        var diagram = ReliabilityDiagram.Compute(p, y, default, bins, BinningStrategy.EqualWidth);
        Assert.Equal(expected.Where(c => c > 0), diagram.Bins.Select(b => b.Count));
    }
}
