using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Metrics;

namespace MevAnalytics.Calibration.Tests.Metrics;

/// <summary>The evaluator sorts the scores once and takes the calibrated forecasts' order from them; its metrics must
/// equal those computed from the forecasts directly, for scores in runs, shuffled, with ties, and a curve with flat
/// steps (ties in the forecasts the scores do not have).</summary>
public class CalibrationEvaluatorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Metrics_equal_those_of_the_forecasts_computed_directly(bool shuffled)
    {
        var rng = new Random(9);
        int n = 5_000;
        var score = Enumerable.Range(0, n).Select(i => Math.Round((i % 1000) / 1000.0 + rng.NextDouble() * 1e-3, 3))
            .Select(v => Math.Min(v, 1)).ToArray();
        if (shuffled) score = score.OrderBy(_ => rng.Next()).ToArray();
        var label = score.Select(s => rng.NextDouble() < s * s ? 1.0 : 0.0).ToArray();
        var weight = score.Select(_ => (double)rng.Next(1, 5)).ToArray();
        var model = IsotonicFit.Fit(score, label, weight, new IsotonicConstraints { YMin = 0, YMax = 1 });
        Assert.True(model.XThresholds.Length > 3);

        var m = CalibrationEvaluator.EvaluateProbability("*", model, score, label, weight, 15);
        var after = new double[n];
        model.Predict(score, after);
        Assert.Equal(ProbabilityMetrics.Compute(score, label, weight, 15), m.Before);
        Assert.Equal(ProbabilityMetrics.Compute(after, label, weight, 15), m.After);
    }
}
