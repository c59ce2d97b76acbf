using MevAnalytics.Calibration.Metrics;

namespace MevAnalytics.Calibration.Runs;

/// <summary>One target's segments, as the run's summary reports them.</summary>
/// <param name="Target"><c>p_land</c> or <c>ev</c>.</param>
/// <param name="KeyPrefix">Prefix of the target's LUT keys ("" or "ev:").</param>
/// <param name="Segments">Its segments, global first.</param>
public sealed record TargetSummary(string Target, string KeyPrefix, IReadOnlyList<SegmentSummary> Segments);

/// <summary>One segment: samples, knots, holdout metrics before (raw score) and after (fitted curve), segment
/// checks.</summary>
public sealed record SegmentSummary(string Key, string? Parent, long N, double WeightSum, bool OwnFit,
    string EffectiveKey, double[] KnotsX, double[] KnotsY, ProbabilityMetrics? Before, ProbabilityMetrics? After,
    EvMetrics? EvBefore, EvMetrics? EvAfter, SegmentChecks Checks);

/// <summary>Per-segment checks (the table-level gate result is in the document's Gate list).</summary>
/// <param name="Monotone">Knot y non-decreasing.</param>
/// <param name="InRange">p_land knots within [0, 1] (always true for EV).</param>
/// <param name="EnoughSamples">At least MinSamples (else it falls back to its parent).</param>
/// <param name="HoldoutImproved">After-ECE (p_land) or after-MAE (EV) not above before; null without holdout
/// rows.</param>
public sealed record SegmentChecks(bool Monotone, bool InRange, bool EnoughSamples, bool? HoldoutImproved);
