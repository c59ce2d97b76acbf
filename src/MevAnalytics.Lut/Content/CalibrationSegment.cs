namespace MevAnalytics.Lut;

/// <summary>
/// A calibration curve for one segment key. The writer samples the knots onto a uniform grid of
/// <see cref="GridSize"/> points over [<see cref="XMin"/>, <see cref="XMax"/>] for O(1) lookup.
/// No knots means "fallback-only": lookups go to <see cref="Parent"/>, then to "*".
/// </summary>
/// <param name="Key">Segment key, e.g. a route name; "*" is the global fallback.</param>
/// <param name="Parent">Key of the segment to fall back to, or null.</param>
/// <param name="SampleCount">Rows the fit used.</param>
/// <param name="XMin">Lowest score on the grid; lower scores clip to it.</param>
/// <param name="XMax">Highest score on the grid; higher scores clip to it.</param>
/// <param name="GridSize">Grid points (>= 2); ignored for a fallback-only segment.</param>
/// <param name="Knots">Exact fit, sorted by X (ties allowed).</param>
public sealed record CalibrationSegment(
    string Key,
    string? Parent,
    long SampleCount,
    double XMin,
    double XMax,
    int GridSize,
    IReadOnlyList<CalibrationKnot> Knots);
