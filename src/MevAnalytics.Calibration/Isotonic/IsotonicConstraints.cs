namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// Shape constraints of an isotonic fit, with scikit-learn's meaning: <c>increasing</c>, and optional
/// <c>y_min</c>/<c>y_max</c> applied by clipping the pooled solution (which is the bounded least-squares optimum).
/// </summary>
public sealed record IsotonicConstraints
{
    /// <summary>Non-decreasing, unbounded.</summary>
    public static IsotonicConstraints Default { get; } = new();

    /// <summary>True (default) for a non-decreasing fit, false for non-increasing.</summary>
    public bool Increasing { get; init; } = true;

    /// <summary>Lower bound on fitted values; null (default) for none.</summary>
    public double? YMin { get; init; }

    /// <summary>Upper bound on fitted values; null (default) for none.</summary>
    public double? YMax { get; init; }

    /// <summary>Clips fitted values to the bounds in place, as scikit-learn clips the pooled solution.</summary>
    internal void Clip(Span<double> values)
    {
        if (YMin is null && YMax is null) return;
        double lo = YMin ?? double.NegativeInfinity, hi = YMax ?? double.PositiveInfinity;
        foreach (ref double v in values) v = Math.Min(Math.Max(v, lo), hi);
    }

    /// <summary>Throws if a bound is not finite or the bounds are inverted.</summary>
    public void Validate()
    {
        if (YMin is { } lo && !double.IsFinite(lo))
            throw new ArgumentException($"YMin must be finite, got {lo}.", nameof(YMin));
        if (YMax is { } hi && !double.IsFinite(hi))
            throw new ArgumentException($"YMax must be finite, got {hi}.", nameof(YMax));
        if (YMin is { } a && YMax is { } b && a > b)
            throw new ArgumentException($"YMin ({a}) must not exceed YMax ({b}).", nameof(YMin));
    }
}
