using System.Runtime.CompilerServices;
namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// A fitted isotonic function: knots (scikit-learn's <c>X_thresholds_</c>, <c>y_thresholds_</c>), evaluated by
/// linear interpolation between knots and clipped to the end values outside [<see cref="XMin"/>, <see cref="XMax"/>]
/// (scikit-learn's <c>out_of_bounds="clip"</c>).
/// </summary>
public sealed class IsotonicModel
{
    private readonly double[] _x;
    private readonly double[] _y;

    internal IsotonicModel(double[] x, double[] y, bool increasing, int rows, int uniqueX, double weightSum)
    {
        _x = x;
        _y = y;
        Increasing = increasing;
        Rows = rows;
        UniqueX = uniqueX;
        WeightSum = weightSum;
    }

    /// <summary>Builds a model from knots (e.g. read back from a snapshot); x strictly increasing, all
    /// finite.</summary>
    public static IsotonicModel FromKnots(ReadOnlySpan<double> x, ReadOnlySpan<double> y, bool increasing = true)
    {
        Validation.CalibrationInputValidator.RequireNonEmpty("knots_x", x.Length);
        Validation.CalibrationInputValidator.RequireSameLength("knots_y", y.Length, "knots_x", x.Length);
        Validation.CalibrationInputValidator.RequireFinite("knots_x", x);
        Validation.CalibrationInputValidator.RequireFinite("knots_y", y);
        for (int i = 1; i < x.Length; i++)
            if (!(x[i] > x[i - 1]))
                throw new ArgumentException(
                    $"Column 'knots_x' must be strictly increasing; row {i} ({x[i]}) follows {x[i - 1]}.", "knots_x");
        return new IsotonicModel(x.ToArray(), y.ToArray(), increasing, 0, x.Length, 0);
    }

    /// <summary>Knot abscissae, strictly increasing (<c>X_thresholds_</c>).</summary>
    public ReadOnlySpan<double> XThresholds => _x;

    /// <summary>Knot values, monotone in the fitted direction (<c>y_thresholds_</c>).</summary>
    public ReadOnlySpan<double> YThresholds => _y;

    /// <summary>Smallest fitted x (<c>X_min_</c>).</summary>
    public double XMin => _x[0];

    /// <summary>Largest fitted x (<c>X_max_</c>).</summary>
    public double XMax => _x[^1];

    /// <summary>Direction of the fit.</summary>
    public bool Increasing { get; }

    /// <summary>Rows with positive weight the model was fitted on (0 when built from knots).</summary>
    public int Rows { get; }

    /// <summary>Distinct x values (after scikit-learn's tolerance merge) the model was fitted on.</summary>
    public int UniqueX { get; }

    /// <summary>Sum of weights the model was fitted on.</summary>
    public double WeightSum { get; }

    /// <summary>Prediction at <paramref name="t"/>; NaN is rejected so no table can contain one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Predict(double t)
    {
        if (double.IsNaN(t)) throw new ArgumentException("Cannot predict at NaN.", nameof(t));
        var x = _x;
        var y = _y;
        int n = x.Length;
        if (n == 1) return y[0];
        if (t <= x[0]) return y[0];
        if (t >= x[n - 1]) return y[n - 1];
        return Between(LastKnotAtOrBelow(t), t);
    }

    /// <summary>j = last knot with x[j] &lt;= t, for x[0] &lt; t &lt; x[^1], as numpy.interp (which scikit-learn's
    /// interp1d delegates to for float64) finds it.</summary>
    private int LastKnotAtOrBelow(double t)
    {
        var x = _x;
        int lo = 0, hi = x.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= t) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>The line between knots lo and lo + 1 at t, numpy's arithmetic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Between(int lo, double t)
    {
        var x = _x;
        var y = _y;
        double slope = (y[lo + 1] - y[lo]) / (x[lo + 1] - x[lo]);
        double r = slope * (t - x[lo]) + y[lo];
        if (double.IsNaN(r))
        {
            // numpy's fallback for an infinite slope between nearly equal knots.
            r = slope * (t - x[lo + 1]) + y[lo + 1];
            if (double.IsNaN(r) && y[lo] == y[lo + 1]) r = y[lo];
        }
        return r;
    }

    /// <summary>Predictions for every element of <paramref name="t"/> into <paramref name="result"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Predict(ReadOnlySpan<double> t, Span<double> result)
    {
        if (result.Length != t.Length)
            throw new ArgumentException($"Result has {result.Length} slots for {t.Length} inputs.", nameof(result));
        var x = _x;
        int n = x.Length, lo = 0;
        double previous = double.PositiveInfinity;
        for (int i = 0; i < t.Length; i++)
        {
            double v = t[i];
            if (n == 1 || !(v > x[0] && v < x[n - 1]))
            {
                result[i] = Predict(v); // ends, NaN
                continue;
            }
            // Scores mostly come in ascending runs (one per route and arm): the knot found for the last score is a
            // start for the next, walked forward instead of a binary search per score; the same knot either way.
            if (v < previous) lo = LastKnotAtOrBelow(v);
            else while (x[lo + 1] <= v) lo++;
            previous = v;
            result[i] = Between(lo, v);
        }
    }
}
