using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Oracles.PushDown;

/// <summary>
/// Isotonic fit on push-down buckets: bucket means y_b = LabelSum/WeightSum with weights W_b, fitted without a sort.
/// It equals the exact fit of the rows with each score replaced by its bucket x.
/// </summary>
/// <remarks>
/// Bound on the difference from the exact fit (weighted over the N training rows, W = sum of weights).
/// Let f be the exact fit's values at the rows, g the bucketed fit's value of each row's bucket. The bucket-constant
/// monotone vectors form a convex cone K' inside the monotone cone K; f projects y on K, g on K'.
/// (1) a posteriori: since g is in K, the projection inequality gives ||g - f||^2 &lt;= ||y - g||^2 - ||y - f||^2.
/// (2) a priori: with fbar the bucket-wise weighted mean of f (monotone, bucket-constant, so in K'),
/// ||y - g||^2 &lt;= ||y - fbar||^2, hence ||g - f||^2 &lt;= sum over buckets b of
/// osc_b (W_b osc_b + 2 sum_{i in b} w_i |y_i - f_i|), where osc_b is the change of the exact fit across bucket b
/// (at most its change over an interval of width r). For labels in {0,1} this is &lt;= 3 W max_b osc_b, so the
/// weighted RMS difference is at most sqrt(3 max_b osc_b): it vanishes as r shrinks below the fit's steps.
/// Evaluated off the bucket x, the bucketed model adds its own interpolation between adjacent knots (r apart).
/// </remarks>
public static class PushDownFit
{
    /// <summary>Fits buckets sorted by x (unsorted ones are an error); empty (zero-weight) buckets are
    /// ignored.</summary>
    public static IsotonicModel Fit(ScoreBuckets buckets, IsotonicConstraints? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        int n = buckets.X.Length;
        CalibrationInputValidator.RequireSameLength("weight_sum", buckets.WeightSum.Length, "x", n);
        CalibrationInputValidator.RequireSameLength("label_sum", buckets.LabelSum.Length, "x", n);
        CalibrationInputValidator.RequireValidWeights("weight_sum", buckets.WeightSum);
        CalibrationInputValidator.RequireFinite("label_sum", buckets.LabelSum);
        for (int i = 1; i < n; i++)
            if (!(buckets.X[i] >= buckets.X[i - 1]))
                throw new ArgumentException($"buckets must be sorted by x: row {i} has {buckets.X[i]} after " +
                                            $"{buckets.X[i - 1]}", "x");
        var mean = new double[n];
        for (int i = 0; i < n; i++) mean[i] = buckets.WeightSum[i] > 0 ? buckets.LabelSum[i] / buckets.WeightSum[i] : 0;
        return IsotonicFit.Fit(buckets.X, mean, buckets.WeightSum, constraints);
    }
}
