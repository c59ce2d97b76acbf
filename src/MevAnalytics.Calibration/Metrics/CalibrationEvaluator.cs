using System.Buffers;
using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Calibration.Metrics;

/// <summary>Evaluates a fitted model on holdout rows: raw score versus calibrated prediction.</summary>
public static class CalibrationEvaluator
{
    /// <summary>p_land: forecasts are the raw scores before and <paramref name="model"/>'s predictions after.</summary>
    public static CalibrationMetrics<ProbabilityMetrics> EvaluateProbability(string segmentKey, IsotonicModel model,
        ReadOnlySpan<double> score, ReadOnlySpan<double> label, ReadOnlySpan<double> weights = default, int binCount = 15)
    {
        // Pooled: a job evaluates dozens of segments, and the metrics keep none of these values.
        var calibrated = ArrayPool<double>.Shared.Rent(score.Length);
        try
        {
            var after = calibrated.AsSpan(0, score.Length);
            model.Predict(score, after);
            return new(segmentKey, ProbabilityMetrics.Compute(score, label, weights, binCount),
                ProbabilityMetrics.Compute(after, label, weights, binCount));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(calibrated);
        }
    }

    /// <summary>EV: predicted EV before and <paramref name="model"/>'s predictions after, against realized payoff.</summary>
    public static CalibrationMetrics<EvMetrics> EvaluateEv(string segmentKey, IsotonicModel model,
        ReadOnlySpan<double> evEstimate, ReadOnlySpan<double> payoff, ReadOnlySpan<double> weights = default)
    {
        var calibrated = ArrayPool<double>.Shared.Rent(evEstimate.Length);
        try
        {
            var after = calibrated.AsSpan(0, evEstimate.Length);
            model.Predict(evEstimate, after);
            return new(segmentKey, EvMetrics.Compute(evEstimate, payoff, weights),
                EvMetrics.Compute(after, payoff, weights));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(calibrated);
        }
    }
}
