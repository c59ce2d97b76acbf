namespace MevAnalytics.Calibration.Metrics;

/// <summary>Holdout metrics of one segment before (raw score) and after (calibrated) calibration.</summary>
/// <typeparam name="T"><see cref="ProbabilityMetrics"/> for p_land, <see cref="EvMetrics"/> for EV.</typeparam>
/// <param name="SegmentKey">Segment the rows belong to (see <see cref="Segments.SegmentKey"/>).</param>
/// <param name="Before">Metrics of the raw score.</param>
/// <param name="After">Metrics of the calibrated prediction.</param>
public sealed record CalibrationMetrics<T>(string SegmentKey, T Before, T After);
