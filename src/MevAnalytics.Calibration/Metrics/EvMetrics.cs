using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Calibration.Metrics;

/// <summary>
/// Holdout quality of EV forecasts: bias = weighted mean of (realized - predicted), MAE, and the calibration line
/// realized = Intercept + Slope x predicted by weighted least squares (slope 1, intercept 0 when calibrated).
/// </summary>
/// <param name="Count">Rows evaluated.</param>
/// <param name="WeightSum">Sum of their weights.</param>
/// <param name="Bias">Mean realized minus predicted.</param>
/// <param name="MeanAbsoluteError">Mean |realized - predicted|.</param>
/// <param name="Slope">OLS slope, or null when predictions are constant (no line is defined).</param>
/// <param name="Intercept">OLS intercept, or null with <paramref name="Slope"/>.</param>
public sealed record EvMetrics(
    long Count, double WeightSum, double Bias, double MeanAbsoluteError, double? Slope, double? Intercept)
{
    /// <summary>Computes the EV metrics of <paramref name="predicted"/> against <paramref name="realized"/>.</summary>
    public static EvMetrics Compute(ReadOnlySpan<double> predicted, ReadOnlySpan<double> realized,
        ReadOnlySpan<double> weights = default)
    {
        CalibrationInputValidator.RequireNonEmpty("predicted", predicted.Length);
        CalibrationInputValidator.RequireSameLength("realized", realized.Length, "predicted", predicted.Length);
        CalibrationInputValidator.RequireFinite("predicted", predicted);
        CalibrationInputValidator.RequireFinite("realized", realized);
        if (!weights.IsEmpty)
        {
            CalibrationInputValidator.RequireSameLength("weight", weights.Length, "predicted", predicted.Length);
            CalibrationInputValidator.RequireValidWeights("weight", weights);
        }
        double total = 0, sx = 0, sy = 0, bias = 0, mae = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double w = weights.IsEmpty ? 1.0 : weights[i];
            double d = realized[i] - predicted[i];
            total += w; sx += w * predicted[i]; sy += w * realized[i];
            bias += w * d; mae += w * Math.Abs(d);
        }
        if (!(total > 0)) throw new ArgumentException("Column 'weight' sums to zero: no rows to evaluate.", "weight");
        double mx = sx / total, my = sy / total, sxx = 0, sxy = 0;
        // Centred second pass: the one-pass formula loses the slope when EVs share a large offset.
        for (int i = 0; i < predicted.Length; i++)
        {
            double w = weights.IsEmpty ? 1.0 : weights[i];
            double dx = predicted[i] - mx;
            sxx += w * dx * dx;
            sxy += w * dx * (realized[i] - my);
        }
        double? slope = sxx > 0 ? sxy / sxx : null;
        double? intercept = slope is { } s ? my - s * mx : null;
        return new EvMetrics(predicted.Length, total, bias / total, mae / total, slope, intercept);
    }
}
