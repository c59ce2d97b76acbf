using System.Runtime.CompilerServices;
namespace MevAnalytics.Calibration.Validation;

/// <summary>
/// Checks calibration input columns before any fitting. Every failure is an <see cref="ArgumentException"/>
/// naming the column, the number of bad rows and the first bad row, so a bad window is rejected whole
/// instead of producing a table from partial data.
/// </summary>
public static class CalibrationInputValidator
{
    /// <summary>Throws if the column is empty.</summary>
    public static void RequireNonEmpty(string column, int length)
    {
        if (length == 0)
            throw new ArgumentException($"Column '{column}' is empty: calibration needs at least one row.", column);
    }

    /// <summary>Throws if two columns differ in length.</summary>
    public static void RequireSameLength(string column, int length, string referenceColumn, int referenceLength)
    {
        if (length != referenceLength)
            throw new ArgumentException(
                $"Column '{column}' has {length} rows but column '{referenceColumn}' has {referenceLength}.", column);
    }

    /// <summary>Throws if any value is NaN or infinite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RequireFinite(string column, ReadOnlySpan<double> values)
    {
        if (RangeScan.AllFinite(values)) return;
        int bad = 0, first = -1;
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                if (bad++ == 0) first = i;
            }
        }
        if (bad > 0)
            throw new ArgumentException(
                $"Column '{column}' has {bad} non-finite value(s) (NaN or infinity); first at row {first} " +
                $"(value {values[first]}).",
                column);
    }

    /// <summary>Throws if any weight is negative, NaN or infinite (zero is allowed: such rows are ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RequireValidWeights(string column, ReadOnlySpan<double> weights)
    {
        if (RangeScan.AllWithin(weights, 0, double.MaxValue)) return;
        int bad = 0, first = -1;
        for (int i = 0; i < weights.Length; i++)
        {
            double w = weights[i];
            if (!(w >= 0) || double.IsPositiveInfinity(w))
            {
                if (bad++ == 0) first = i;
            }
        }
        if (bad > 0)
            throw new ArgumentException(
                $"Column '{column}' has {bad} negative, NaN or infinite weight(s); first at row {first} " +
                $"(value {weights[first]}).",
                column);
    }

    /// <summary>
    /// Throws unless every label is exactly 0 or 1 and both classes occur among rows of positive weight:
    /// a p_land calibration from a single class would be a constant and says nothing about the score.
    /// </summary>
    /// <param name="column">Column name used in messages.</param>
    /// <param name="labels">Labels, one per row.</param>
    /// <param name="weights">Optional weights (empty = all ones); zero-weight rows do not count towards a
    /// class.</param>
    public static void RequireBinaryLabels(string column, ReadOnlySpan<double> labels,
        ReadOnlySpan<double> weights = default)
    {
        RequireNonEmpty(column, labels.Length);
        if (!weights.IsEmpty) RequireSameLength("weight", weights.Length, column, labels.Length);
        int bad = 0, first = -1;
        long zeros = 0, ones = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double v = labels[i];
            bool counts = weights.IsEmpty || weights[i] > 0;
            if (v == 0.0) { if (counts) zeros++; }
            else if (v == 1.0) { if (counts) ones++; }
            else if (bad++ == 0) first = i;
        }
        if (bad > 0)
            throw new ArgumentException(
                $"Column '{column}' has {bad} label(s) outside {{0,1}}; first at row {first} (value {labels[first]}).",
                column);
        if (zeros == 0 || ones == 0)
            throw new ArgumentException(
                $"Column '{column}' has a single class ({(ones == 0 ? "only 0" : "only 1")}, " +
                $"{zeros + ones} weighted rows): " +
                "p_land calibration needs both landed and not-landed rows.", column);
    }
}
