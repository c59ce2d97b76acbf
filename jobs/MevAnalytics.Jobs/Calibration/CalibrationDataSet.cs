using MevAnalytics.Calibration.Samples;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>Everything the fit reads, from ClickHouse or a file.</summary>
/// <param name="PLand">p_land rows or buckets, null when the input has none.</param>
/// <param name="Ev">EV rows or buckets, null when the input has none or EV is off.</param>
/// <param name="WindowFromUnixMs">Window start (inclusive).</param>
/// <param name="WindowToUnixMs">Window end (exclusive).</param>
/// <param name="HoldoutFromUnixMs">Start of the holdout slice, or null when the split is by row (input without
/// ts).</param>
/// <param name="RowsRead">Rows the source returned (buckets for push-down).</param>
/// <param name="BadRows">Bad rows skipped (only with SkipBadRows).</param>
/// <param name="Source">Description for summaries: mode and table, or the file.</param>
/// <param name="Bucketed">True when the rows are push-down buckets.</param>
/// <param name="HasRoute">False when the input has no route column (then only the global segment is fitted).</param>
/// <param name="HasArm">False when the input has no arm column (then no route x arm segments).</param>
/// <param name="RolledDays">Whole days of the window read from the daily rollup instead of the rows.</param>
public sealed record CalibrationDataSet(
    CalibrationSample? PLand, CalibrationSample? Ev, long WindowFromUnixMs, long WindowToUnixMs,
    long? HoldoutFromUnixMs, long RowsRead, BadRowTally BadRows, string Source, bool Bucketed, bool HasRoute = true,
    bool HasArm = true, int RolledDays = 0);
