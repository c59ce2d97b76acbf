using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Calibration.Segments;

/// <summary>
/// One segment's outcome. A segment with at least MinSamples rows has its own <see cref="Model"/>; otherwise it
/// falls back and <see cref="EffectiveKey"/> names the nearest fitted ancestor whose model and grid it uses.
/// </summary>
/// <param name="Key">The segment.</param>
/// <param name="ParentKey">Its parent, null for the global segment.</param>
/// <param name="Rows">Samples with positive weight in the segment (rows, or the summed counts of push-down
/// buckets).</param>
/// <param name="WeightSum">Their weight sum.</param>
/// <param name="OwnFit">True if fitted on its own rows.</param>
/// <param name="EffectiveKey">The segment whose model applies (itself when <paramref name="OwnFit"/>).</param>
/// <param name="Model">The applying model (own or inherited), as a piecewise-linear table: what the published
/// table answers with.</param>
public sealed record SegmentFit(SegmentKey Key, SegmentKey? ParentKey, int Rows, double WeightSum, bool OwnFit,
    SegmentKey EffectiveKey, IsotonicModel Model)
{
    /// <summary>How <see cref="Model"/> was fitted: isotonic, or Platt (its curve tabulated at
    /// <see cref="CalibrationFitOptions.PlattKnots"/> points).</summary>
    public CalibrationMethod Method { get; init; } = CalibrationMethod.Isotonic;
}
