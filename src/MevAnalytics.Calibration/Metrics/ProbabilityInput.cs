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
        RequireProbabilities("forecast", p);
        RequireProbabilities("label", y);
        if (weights.IsEmpty) return;
        CalibrationInputValidator.RequireSameLength("weight", weights.Length, "forecast", p.Length);
        CalibrationInputValidator.RequireValidWeights("weight", weights);
        double total = 0;
        foreach (double w in weights) total += w;
        if (!(total > 0)) throw new ArgumentException("Column 'weight' sums to zero: no rows to evaluate.", "weight");
    }

    /// <summary>Throws unless every value is in [0, 1], naming the column, the count and the first bad row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RequireProbabilities(string column, ReadOnlySpan<double> values)
    {
        if (RangeScan.AllWithin(values, 0, 1)) return;
        int bad = 0, first = -1;
        for (int i = 0; i < values.Length; i++)
            if (values[i] < 0 || values[i] > 1) { if (bad++ == 0) first = i; }
        if (bad > 0)
            throw new ArgumentException(
                $"Column '{column}' has {bad} value(s) outside [0, 1]; first at row {first} (value {values[first]}).",
                column);
    }
}
