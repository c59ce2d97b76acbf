using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Metrics;
using MevAnalytics.Calibration.Platt;

namespace MevAnalytics.Calibration.Segments;

/// <summary>
/// A segment's own curve when <see cref="CalibrationFitOptions.Method"/> is Platt or auto. Auto, below
/// <see cref="CalibrationFitOptions.AutoPlattBelow"/> samples, fits both methods on four fifths of the segment's rows
/// (every fifth row, in input order, held out), keeps the one with the lower weighted log loss on the held-out rows
/// (isotonic on a tie) and refits it on all rows.
/// </summary>
internal static class SegmentCurve
{
    private const int HoldoutEvery = 5;

    public static SegmentFit Fit(SegmentKey key, IsotonicModel isotonic, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights, long samples, CalibrationFitOptions options, IsotonicConstraints constraints)
    {
        bool platt = options.Method == CalibrationMethod.Platt
            || (samples < options.AutoPlattBelow && PlattWinsHoldout(x, y, weights, constraints));
        if (!platt) return SegmentedCalibration.Own(key, isotonic, samples, options);
        var model = PlattScaling.Fit(x, y, weights)
            .ToTable(isotonic.XMin, isotonic.XMax, options.PlattKnots, isotonic.Rows, isotonic.WeightSum);
        return SegmentedCalibration.Own(key, model, samples, options) with { Method = CalibrationMethod.Platt };
    }

    private static bool PlattWinsHoldout(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights,
        IsotonicConstraints constraints)
    {
        int n = x.Length;
        int held = n / HoldoutEvery;
        if (held == 0) return false;
        bool weighted = !weights.IsEmpty;
        var fx = new double[n - held];
        var fy = new double[n - held];
        var fw = weighted ? new double[n - held] : [];
        var hx = new double[held];
        var hy = new double[held];
        var hw = weighted ? new double[held] : [];
        for (int i = 0, f = 0, h = 0; i < n; i++)
        {
            if (i % HoldoutEvery == HoldoutEvery - 1 && h < held)
            {
                hx[h] = x[i]; hy[h] = y[i];
                if (weighted) hw[h] = weights[i];
                h++;
            }
            else
            {
                fx[f] = x[i]; fy[f] = y[i];
                if (weighted) fw[f] = weights[i];
                f++;
            }
        }
        if (!HasPositiveWeight(fw, fx.Length) || !HasPositiveWeight(hw, held)) return false;
        var isotonic = IsotonicFit.Fit(fx, fy, fw, constraints);
        var platt = PlattScaling.Fit(fx, fy, fw);
        var pi = new double[held];
        var pp = new double[held];
        for (int i = 0; i < held; i++) { pi[i] = isotonic.Predict(hx[i]); pp[i] = platt.Predict(hx[i]); }
        return LogLoss.Compute(pp, hy, hw) < LogLoss.Compute(pi, hy, hw);
    }

    private static bool HasPositiveWeight(double[] w, int n)
    {
        if (w.Length == 0) return n > 0;
        foreach (double v in w) if (v > 0) return true;
        return false;
    }
}
