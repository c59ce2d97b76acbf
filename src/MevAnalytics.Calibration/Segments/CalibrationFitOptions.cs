namespace MevAnalytics.Calibration.Segments;

/// <summary>Options of the segmented calibration fit.</summary>
public sealed class CalibrationFitOptions
{
    /// <summary>Knots a Platt curve is tabulated at, uniformly over the segment's score range: the piecewise-linear
    /// table is the model the segment publishes and is evaluated with. Default 256.</summary>
    public int PlattKnots { get; set; } = 256;

    /// <summary>Rows (positive weight) a segment needs to get its own fit; below it, it uses its parent's.
    /// Default 2000.</summary>
    public int MinSamples { get; set; } = 2000;

    /// <summary>
    /// Curve of a segment with its own fit: isotonic (default), Platt, or auto (see <see cref="CalibrationMethod"/>).
    /// Platt and auto need labels in [0, 1] and a non-decreasing fit.
    /// </summary>
    public CalibrationMethod Method { get; set; } = CalibrationMethod.Isotonic;

    /// <summary>
    /// With <see cref="CalibrationMethod.Auto"/>, segments with fewer samples than this choose between Platt and
    /// isotonic on held-out log loss; larger ones are isotonic. Default 20,000: around there isotonic's steps stop
    /// being noise-driven (a few hundred samples per step at the ~50 steps p_land curves have).
    /// </summary>
    public int AutoPlattBelow { get; set; } = 20_000;

    /// <summary>Fit non-decreasing (default true) or non-increasing.</summary>
    public bool Increasing { get; set; } = true;

    /// <summary>
    /// Clip fitted values to [<see cref="ClipMin"/>, <see cref="ClipMax"/>] (scikit-learn's y_min/y_max).
    /// Default false; p_land sets true with the default bounds 0 and 1.
    /// </summary>
    public bool Clip { get; set; }

    /// <summary>Lower clip bound. Default 0.</summary>
    public double ClipMin { get; set; }

    /// <summary>Upper clip bound. Default 1.</summary>
    public double ClipMax { get; set; } = 1;

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (PlattKnots < 2)
            throw new ArgumentOutOfRangeException(nameof(PlattKnots), PlattKnots, "PlattKnots must be at least 2.");
        if (MinSamples < 1)
            throw new ArgumentOutOfRangeException(nameof(MinSamples), MinSamples, "MinSamples must be at least 1.");
        if (!Enum.IsDefined(Method))
            throw new ArgumentOutOfRangeException(nameof(Method), Method, "Method must be isotonic, platt or auto.");
        if (Method != CalibrationMethod.Isotonic && !Increasing)
            throw new ArgumentOutOfRangeException(nameof(Method), Method,
                $"Method {Method} fits non-decreasing curves only (Increasing is false).");
        if (AutoPlattBelow < 1)
            throw new ArgumentOutOfRangeException(nameof(AutoPlattBelow), AutoPlattBelow,
                "AutoPlattBelow must be at least 1.");
        if (Clip)
        {
            if (!double.IsFinite(ClipMin))
                throw new ArgumentOutOfRangeException(nameof(ClipMin), ClipMin, "ClipMin must be finite.");
            if (!double.IsFinite(ClipMax))
                throw new ArgumentOutOfRangeException(nameof(ClipMax), ClipMax, "ClipMax must be finite.");
            if (ClipMin > ClipMax)
                throw new ArgumentOutOfRangeException(nameof(ClipMin), ClipMin,
                    $"ClipMin must not exceed ClipMax ({ClipMax}).");
        }
    }

    internal Isotonic.IsotonicConstraints ToConstraints() => new()
    {
        Increasing = Increasing,
        YMin = Clip ? ClipMin : null,
        YMax = Clip ? ClipMax : null,
    };
}
