using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Oracles.PushDown;

/// <summary>
/// Rows aggregated by score quantized to a resolution r, as the push-down query returns them:
/// bucket x = round(score / r) * r, weight sum, weighted label sum; sorted by x.
/// </summary>
/// <param name="X">Bucket scores, strictly increasing.</param>
/// <param name="WeightSum">Sum of row weights per bucket.</param>
/// <param name="LabelSum">Sum of weight x label per bucket.</param>
public sealed record ScoreBuckets(double[] X, double[] WeightSum, double[] LabelSum)
{
    /// <summary>The quantizer: monotone, moves a score by at most r/2.</summary>
    public static double Quantize(double score, double resolution) => Math.Floor(score / resolution + 0.5) * resolution;

    /// <summary>Reference aggregation of raw rows (the ClickHouse query computes the same on the server).</summary>
    public static ScoreBuckets Aggregate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights,
        double resolution)
    {
        if (!(resolution > 0) || !double.IsFinite(resolution))
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution,
                "resolution must be positive and finite.");
        CalibrationInputValidator.RequireNonEmpty("x", x.Length);
        CalibrationInputValidator.RequireSameLength("y", y.Length, "x", x.Length);
        CalibrationInputValidator.RequireFinite("x", x);
        CalibrationInputValidator.RequireFinite("y", y);
        if (!weights.IsEmpty)
        {
            CalibrationInputValidator.RequireSameLength("weight", weights.Length, "x", x.Length);
            CalibrationInputValidator.RequireValidWeights("weight", weights);
        }
        var sums = new SortedDictionary<double, (double w, double wy)>();
        for (int i = 0; i < x.Length; i++)
        {
            double w = weights.IsEmpty ? 1.0 : weights[i];
            double q = Quantize(x[i], resolution);
            sums.TryGetValue(q, out var s);
            sums[q] = (s.w + w, s.wy + w * y[i]);
        }
        return new ScoreBuckets(sums.Keys.ToArray(), sums.Values.Select(v => v.w).ToArray(),
            sums.Values.Select(v => v.wy).ToArray());
    }
}
