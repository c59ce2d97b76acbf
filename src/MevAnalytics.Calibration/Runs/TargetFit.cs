using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;

namespace MevAnalytics.Calibration.Runs;

/// <summary>One target fitted and evaluated.</summary>
/// <param name="Target">p_land or EV.</param>
/// <param name="Fits">Its segments, global first.</param>
/// <param name="Holdout">The holdout rows the fits were evaluated on.</param>
/// <param name="Evaluation">Holdout metrics per segment key.</param>
/// <param name="Summary">The segments as the summary reports them.</param>
public sealed record TargetFit(CalibrationTarget Target, IReadOnlyList<SegmentFit> Fits, CalibrationSample Holdout,
    IReadOnlyDictionary<string, HoldoutEvaluation.SegmentMetrics> Evaluation, TargetSummary Summary);
