using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Calibration.Metrics;

/// <summary>Evaluates a fitted model on holdout rows: raw score versus calibrated prediction.</summary>
public static class CalibrationEvaluator
{
    /// <summary>p_land: forecasts are the raw scores before and <paramref name="model"/>'s predictions after.</summary>
    public static CalibrationMetrics<ProbabilityMetrics> EvaluateProbability(string segmentKey, IsotonicModel model,
        ReadOnlySpan<double> score, ReadOnlySpan<double> label, ReadOnlySpan<double> weights = default, int binCount = 15)
    {
        var calibrated = new double[score.Length];
        model.Predict(score, calibrated);
        return new(segmentKey, ProbabilityMetrics.Compute(score, label, weights, binCount),
            ProbabilityMetrics.Compute(calibrated, label, weights, binCount));
    }

    /// <summary>EV: predicted EV before and <paramref name="model"/>'s predictions after, against realized payoff.</summary>
    public static CalibrationMetrics<EvMetrics> EvaluateEv(string segmentKey, IsotonicModel model,
        ReadOnlySpan<double> evEstimate, ReadOnlySpan<double> payoff, ReadOnlySpan<double> weights = default)
    {
        var calibrated = new double[evEstimate.Length];
        model.Predict(evEstimate, calibrated);
        return new(segmentKey, EvMetrics.Compute(evEstimate, payoff, weights), EvMetrics.Compute(calibrated, payoff, weights));
    }
}
