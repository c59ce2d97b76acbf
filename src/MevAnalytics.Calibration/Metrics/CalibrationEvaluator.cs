using System.Buffers;
using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Calibration.Metrics;

/// <summary>Evaluates a fitted model on holdout rows: raw score versus calibrated prediction.</summary>
public static class CalibrationEvaluator
{
    /// <summary>p_land: forecasts are the raw scores before and <paramref name="model"/>'s predictions after.</summary>
    public static CalibrationMetrics<ProbabilityMetrics> EvaluateProbability(string segmentKey, IsotonicModel model,
        ReadOnlySpan<double> score, ReadOnlySpan<double> label, ReadOnlySpan<double> weights = default,
        int binCount = 15)
    {
        // Pooled: a job evaluates dozens of segments, and the metrics keep none of these values.
        int n = score.Length;
        var (calibrated, a, b, sortedAfter) = (Rent(n), Rent(n), Rent(n), Rent(n));
        try
        {
            var after = calibrated.AsSpan(0, n);
            model.Predict(score, after);
            // Equal-mass edges need the forecasts sorted. The scores are sorted once; a non-decreasing curve applied
            // to them gives the calibrated forecasts in order too, with no second sort.
            var sortedScore = n > 0 ? RunMergeSort.Sort(score, a, b) : default;
            var sorted = n > 0 && model.Increasing ? sortedAfter.AsSpan(0, n) : default;
            if (!sorted.IsEmpty) model.Predict(sortedScore, sorted);
            return new(segmentKey, ProbabilityMetrics.Compute(score, label, weights, binCount, sortedScore),
                ProbabilityMetrics.Compute(after, label, weights, binCount, sorted));
        }
        finally
        {
            foreach (var buffer in new[] { calibrated, a, b, sortedAfter }) ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private static double[] Rent(int length) => ArrayPool<double>.Shared.Rent(Math.Max(length, 1));

    /// <summary>EV: predicted EV before and <paramref name="model"/>'s predictions after, against realized
    /// payoff.</summary>
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
