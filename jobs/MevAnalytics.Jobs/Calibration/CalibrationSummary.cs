using MevAnalytics.Calibration.Metrics;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>The job's summary JSON (written beside the LUT, gate result added by the publication step).</summary>
/// <param name="Source">Where the rows came from (mode and table, or the file).</param>
/// <param name="Window">Window and holdout start, Unix ms.</param>
/// <param name="RowsRead">Rows the source returned (buckets for push-down).</param>
/// <param name="BadRowsSkipped">Bad rows skipped by column and problem (only with SkipBadRows).</param>
/// <param name="Targets">Per target (p_land, ev) its segments.</param>
/// <param name="Table">Holdout scores of the candidate table looked up like the runtime does (gate inputs).</param>
/// <param name="GroundTruth">Distance of the global fits from the simulation's true curves, when known.</param>
/// <param name="Snapshot">The Parquet snapshot of the fitted rows.</param>
public sealed record CalibrationSummary(string Source, WindowSummary Window, long RowsRead, IReadOnlyDictionary<string, long> BadRowsSkipped,
    IReadOnlyList<TargetSummary> Targets, TableScore? Table, TruthDistance? GroundTruth, string? Snapshot);

/// <summary>Window [From, To) and the holdout start, Unix ms.</summary>
public sealed record WindowSummary(long FromUnixMs, long ToUnixMs, long? HoldoutFromUnixMs, bool Bucketed);

/// <summary>One target's segments.</summary>
public sealed record TargetSummary(string Target, string KeyPrefix, IReadOnlyList<SegmentSummary> Segments);

/// <summary>One segment: samples, knots, holdout metrics before (raw score) and after (fitted curve), segment checks.</summary>
public sealed record SegmentSummary(string Key, string? Parent, long N, double WeightSum, bool OwnFit, string EffectiveKey,
    double[] KnotsX, double[] KnotsY, ProbabilityMetrics? Before, ProbabilityMetrics? After, EvMetrics? EvBefore, EvMetrics? EvAfter,
    SegmentChecks Checks);

/// <summary>Per-segment checks (the table-level gate result is in the document's Gate list).</summary>
/// <param name="Monotone">Knot y non-decreasing.</param>
/// <param name="InRange">p_land knots within [0, 1] (always true for EV).</param>
/// <param name="EnoughSamples">At least MinSamples (else it falls back to its parent).</param>
/// <param name="HoldoutImproved">After-ECE (p_land) or after-MAE (EV) not above before; null without holdout rows.</param>
public sealed record SegmentChecks(bool Monotone, bool InRange, bool EnoughSamples, bool? HoldoutImproved);

/// <summary>Holdout log loss and equal-mass ECE of the candidate table via LUT lookups.</summary>
public sealed record TableScore(double LogLoss, double Ece);

/// <summary>Distance of the fitted global curves from the true ones over the holdout score distribution.</summary>
public sealed record TruthDistance(string Path, double PLandRms, double PLandMaxAbs, double? EvRms, double? EvMaxAbs,
    double RawScoreRms);
