using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Calibration.Runs;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>The job's summary JSON, a companion of the published version (its snapshot is another, listed in the
/// manifest), with the gate result added by the publication step.</summary>
/// <param name="Source">Where the rows came from (mode and table, or the file).</param>
/// <param name="Window">Window and holdout start, Unix ms.</param>
/// <param name="RowsRead">Rows the source returned (buckets for push-down).</param>
/// <param name="BadRowsSkipped">Bad rows skipped by column and problem (only with SkipBadRows).</param>
/// <param name="Targets">Per target (p_land, ev) its segments.</param>
/// <param name="Table">Holdout scores of the candidate table looked up like the runtime does (gate inputs).</param>
/// <param name="GroundTruth">Distance of the global fits from the simulation's true curves, when known.</param>
public sealed record CalibrationSummary(string Source, WindowSummary Window, long RowsRead,
    IReadOnlyDictionary<string, long> BadRowsSkipped, IReadOnlyList<TargetSummary> Targets, TableScore? Table,
    TruthDistance? GroundTruth);

/// <summary>Window [From, To) and the holdout start, Unix ms.</summary>
public sealed record WindowSummary(long FromUnixMs, long ToUnixMs, long? HoldoutFromUnixMs, bool Bucketed);
