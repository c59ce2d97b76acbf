using System.Text.Json;
using MevAnalytics.Calibration.Metrics;
using MevAnalytics.Calibration.Tests.Support;

namespace MevAnalytics.Calibration.Tests.Metrics;

/// <summary>Brier score, log loss and calibration_curve-based ECE/MCE against scikit-learn (golden JSON).</summary>
public class GoldenMetricsTests
{
    public static IEnumerable<object[]> Cases() => GoldenFiles.MetricsCaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Brier_and_log_loss_match_sklearn(string name)
    {
        var c = GoldenFiles.Load(GoldenFiles.IsotonicDir, name);
        var p = c.Doubles("p");
        var y = c.Doubles("y");
        var brier = BrierDecomposition.Compute(p, y, default,
            ReliabilityDiagram.Compute(p, y, default, 10, BinningStrategy.EqualWidth));
        Assert.Equal(c.GetProperty("brier").GetDouble(), brier.Brier, 12);
        Assert.Equal(c.GetProperty("log_loss").GetDouble(),
            LogLoss.Compute(p, y, default, c.GetProperty("log_loss_eps").GetDouble()), 12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reliability_bins_ece_and_mce_match_sklearn_calibration_curve(string name)
    {
        var c = GoldenFiles.Load(GoldenFiles.IsotonicDir, name);
        var p = c.Doubles("p");
        var y = c.Doubles("y");
        int bins = c.GetProperty("n_bins").GetInt32();
        foreach (var (strategy, key) in new[] { (BinningStrategy.EqualWidth, "equal_width"),
                     (BinningStrategy.EqualMass, "equal_mass") })
        {
            var expected = c.GetProperty(key);
            var d = ReliabilityDiagram.Compute(p, y, default, bins, strategy);
            var counts = expected.GetProperty("counts").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Assert.Equal(counts, d.Bins.Select(b => b.Count).ToArray());
            AssertAll(expected.Doubles("prob_true"), d.Bins.Select(b => b.ObservedFrequency).ToArray(),
                $"{name} {key} prob_true");
            AssertAll(expected.Doubles("prob_pred"), d.Bins.Select(b => b.MeanForecast).ToArray(),
                $"{name} {key} prob_pred");
            Assert.Equal(expected.GetProperty("ece").GetDouble(), d.ExpectedCalibrationError, 12);
            Assert.Equal(expected.GetProperty("mce").GetDouble(), d.MaximumCalibrationError, 12);
        }
    }

    private static void AssertAll(double[] expected, double[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} bins, sklearn {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12,
                $"{what}[{i}]: {actual[i]} vs sklearn {expected[i]}");
    }
}
