using System.Runtime.CompilerServices;
using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Calibration.Metrics;

/// <summary>Shared checks for probability forecasts and their labels.</summary>
internal static class ProbabilityInput
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Validate(ReadOnlySpan<double> p, ReadOnlySpan<double> y, ReadOnlySpan<double> weights)
    {
        CalibrationInputValidator.RequireNonEmpty("forecast", p.Length);
        CalibrationInputValidator.RequireSameLength("label", y.Length, "forecast", p.Length);
        CalibrationInputValidator.RequireFinite("forecast", p);
        CalibrationInputValidator.RequireFinite("label", y);
        if (RangeScan.AllWithin(p, 0, 1) && RangeScan.AllWithin(y, 0, 1)) { RequireWeights(p.Length, weights); return; }
        int bad = 0, first = -1;
        for (int i = 0; i < p.Length; i++)
            if (p[i] < 0 || p[i] > 1) { if (bad++ == 0) first = i; }
        if (bad > 0)
            throw new ArgumentException($"Column 'forecast' has {bad} value(s) outside [0, 1]; first at row {first} (value {p[first]}).", "forecast");
        bad = 0;
        for (int i = 0; i < y.Length; i++)
            if (y[i] < 0 || y[i] > 1) { if (bad++ == 0) first = i; }
        if (bad > 0)
            throw new ArgumentException($"Column 'label' has {bad} value(s) outside [0, 1]; first at row {first} (value {y[first]}).", "label");
        RequireWeights(p.Length, weights);
    }

    private static void RequireWeights(int rows, ReadOnlySpan<double> weights)
    {
        if (weights.IsEmpty) return;
        CalibrationInputValidator.RequireSameLength("weight", weights.Length, "forecast", rows);
        CalibrationInputValidator.RequireValidWeights("weight", weights);
        double total = 0;
        foreach (double w in weights) total += w;
        if (!(total > 0)) throw new ArgumentException("Column 'weight' sums to zero: no rows to evaluate.", "weight");
    }
}
