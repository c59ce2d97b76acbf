using System.Text.Json;
using MevAnalytics.Calibration.Platt;
using MevAnalytics.Calibration.Tests.Support;
using MevAnalytics.Oracles.Python;

namespace MevAnalytics.Calibration.Tests.Platt;

/// <summary>Platt scaling against scikit-learn's sigmoid calibration and against the two-point closed form.</summary>
public class PlattScalingTests
{
    /// <summary>
    /// scikit-learn's <c>_sigmoid_calibration</c> (the fit behind CalibratedClassifierCV(method="sigmoid")) on the same
    /// log-odds features, labels and weights: same smoothed targets and loss, so the same optimum. Its BFGS stops at
    /// gradient norm 1e-5, hence the tolerance.
    /// </summary>
    [SklearnFact]
    public void Matches_sklearn_sigmoid_calibration_with_and_without_weights()
    {
        var rng = new Random(17);
        int n = 3000;
        var x = new double[n];
        var y = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble();
            double truth = PlattScaling.Sigmoid(1.7 * PlattScaling.LogOdds(x[i]) - 0.6);
            y[i] = rng.NextDouble() < truth ? 1 : 0;
            w[i] = 0.5 + rng.NextDouble();
        }
        var dir = Directory.CreateTempSubdirectory("mev-platt-");
        try
        {
            var path = Path.Combine(dir.FullName, "rows.json");
            var logOdds = x.Select(PlattScaling.LogOdds).ToArray();
            File.WriteAllText(path, JsonSerializer.Serialize(new { f = logOdds, y, w }));
            const string Script = """
                import json, sys
                import numpy as np
                from sklearn.calibration import _sigmoid_calibration
                d = json.load(open(sys.argv[1]))
                f, y, w = (np.array(d[k], dtype=np.float64) for k in ("f", "y", "w"))
                a, b = _sigmoid_calibration(f, y)
                aw, bw = _sigmoid_calibration(f, y, sample_weight=w)
                print(json.dumps([a, b, aw, bw]))
                """;
            var result = JsonSerializer.Deserialize<double[]>(SklearnFactAttribute.Run("-c", Script, path))!;
            // scikit-learn's curve is 1 / (1 + exp(A f + B)): slope = -A, offset = -B.
            var plain = PlattScaling.Fit(x, y);
            Assert.Equal(-result[0], plain.Slope, 1e-4);
            Assert.Equal(-result[1], plain.Offset, 1e-4);
            var weighted = PlattScaling.Fit(x, y, w);
            Assert.Equal(-result[2], weighted.Slope, 1e-4);
            Assert.Equal(-result[3], weighted.Offset, 1e-4);
            Assert.InRange(plain.Slope, 1.4, 2.0); // and near the generating curve
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Two distinct scores: the logistic curve has two parameters, so the optimum passes exactly through each score's
    /// smoothed target rate: p(s_k) = (pos_k hi + neg_k lo) / count_k, with hi = (N+ + 1)/(N+ + 2), lo = 1/(N- + 2).
    /// </summary>
    [Theory]
    [InlineData(0.2, 0.7, 30, 100, 80, 100)]
    [InlineData(0.05, 0.5, 2, 50, 9, 40)]
    [InlineData(0.5, 0.9, 0, 20, 20, 20)]
    public void Two_scores_match_the_closed_form(double s0, double s1, int pos0, int n0, int pos1, int n1)
    {
        var x = Enumerable.Repeat(s0, n0).Concat(Enumerable.Repeat(s1, n1)).ToArray();
        var y = Enumerable.Range(0, n0).Select(i => i < pos0 ? 1.0 : 0.0)
            .Concat(Enumerable.Range(0, n1).Select(i => i < pos1 ? 1.0 : 0.0)).ToArray();
        double positive = pos0 + pos1, negative = n0 + n1 - positive;
        double hi = (positive + 1) / (positive + 2), lo = 1 / (negative + 2);
        double t0 = (pos0 * hi + (n0 - pos0) * lo) / n0, t1 = (pos1 * hi + (n1 - pos1) * lo) / n1;
        var model = PlattScaling.Fit(x, y);
        Assert.Equal(t0, model.Predict(s0), 1e-9);
        Assert.Equal(t1, model.Predict(s1), 1e-9);
        double logit(double p) => Math.Log(p / (1 - p));
        double slope = (logit(t1) - logit(t0)) / (PlattScaling.LogOdds(s1) - PlattScaling.LogOdds(s0));
        Assert.Equal(slope, model.Slope, 1e-7);
    }

    [Fact]
    public void Anti_correlated_scores_give_the_flat_smoothed_base_rate()
    {
        var x = new[] { 0.1, 0.2, 0.8, 0.9, 0.15, 0.85 };
        var y = new[] { 1.0, 1, 0, 0, 1, 0 };
        var model = PlattScaling.Fit(x, y);
        Assert.Equal(0, model.Slope);
        // All rows share one rate: the smoothed mean, 3 positives at hi = 4/5 and 3 negatives at lo = 1/5.
        Assert.Equal(0.5, model.Predict(0.3), 1e-9);
    }

    [Fact]
    public void Bad_input_names_the_column_and_row()
    {
        var e = Assert.Throws<ArgumentException>(() => PlattScaling.Fit([0.1, 0.2], [0, 1.5]));
        Assert.Contains("row 1", e.Message);
        Assert.Contains("'y'", e.Message);
        Assert.Throws<ArgumentException>(() => PlattScaling.Fit([0.1, double.NaN], [0, 1]));
        Assert.Throws<ArgumentException>(() => PlattScaling.Fit([0.1, 0.2], [0, 1], [0, 0]));
    }

    [Fact]
    public void Table_holds_the_curve_at_its_uniformly_spaced_knots()
    {
        var model = new PlattModel(1.3, -0.4);
        var table = model.ToTable(0.01, 0.97, 256, 1000, 1000);
        Assert.Equal(256, table.XThresholds.Length);
        for (int i = 0; i < 256; i++)
        {
            double x = i == 255 ? 0.97 : 0.01 + (0.97 - 0.01) * i / 255;
            Assert.Equal(x, table.XThresholds[i]);
            Assert.Equal(model.Predict(x), table.YThresholds[i]);
        }
        Assert.Equal(0.01, table.XMin);
        Assert.Equal(0.97, table.XMax);
    }
}
