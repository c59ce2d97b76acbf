namespace MevAnalytics.Lut;

/// <summary>
/// A calibration curve for one segment key: the exact fit's knots. The runtime looks a score up on the knots
/// themselves (format 2: a bucket index over [first knot, last knot] and the interpolation of the two knots around
/// the score, equal to the fit), clipping outside that range. No knots means "fallback-only": lookups go to
/// <see cref="Parent"/>, then to "*".
/// </summary>
/// <param name="Key">Segment key, e.g. a route name; "*" is the global fallback.</param>
/// <param name="Parent">Key of the segment to fall back to, or null.</param>
/// <param name="SampleCount">Rows the fit used.</param>
/// <param name="Knots">The fit, sorted by X (non-decreasing); none, or at least two with X rising from the first to
/// the last.</param>
public sealed record CalibrationSegment(
    string Key,
    string? Parent,
    long SampleCount,
    IReadOnlyList<CalibrationKnot> Knots);
