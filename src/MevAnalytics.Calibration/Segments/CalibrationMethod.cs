namespace MevAnalytics.Calibration.Segments;

/// <summary>How a segment with enough samples for its own curve is fitted.</summary>
public enum CalibrationMethod
{
    /// <summary>Exact isotonic regression (the default): any monotone shape, needs many samples per step.</summary>
    Isotonic,

    /// <summary>Platt scaling on the score's log-odds: two parameters, stable on few samples, sigmoid only.</summary>
    Platt,

    /// <summary>
    /// Isotonic for segments with at least <see cref="CalibrationFitOptions.AutoPlattBelow"/> samples; below it,
    /// whichever of isotonic and Platt has the lower log loss on every fifth of the segment's rows held out, refitted
    /// on all rows.
    /// </summary>
    Auto,
}
