using MevAnalytics.Calibration.Metrics;
using MevAnalytics.Calibration.Runs;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Jobs.Calibration;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>What the report shows of the current calibration: its p_land segments and the holdout rows it was judged
/// on.</summary>
/// <param name="Version">Current version.</param>
/// <param name="Segments">p_land segments from the summary.</param>
/// <param name="TableLogLoss">Holdout log loss of the table looked up like the runtime does.</param>
/// <param name="TableEce">Holdout ECE (equal mass) of the table.</param>
/// <param name="Holdout">p_land holdout rows from the run's Parquet snapshot, or null when it is missing.</param>
public sealed record CalibrationView(int Version, IReadOnlyList<SegmentView> Segments, double TableLogLoss,
    double TableEce, CalibrationSample? Holdout)
{
    /// <summary>The p_land target of a calibration summary (pure).</summary>
    public static CalibrationView Of(int version, CalibrationSummary summary, CalibrationSample? holdout) => new(
        version,
        [.. summary.Targets.Where(t => t.Target == "p_land").SelectMany(t => t.Segments).Select(SegmentView.From)],
        summary.Table?.LogLoss ?? double.NaN, summary.Table?.Ece ?? double.NaN, holdout);
}

/// <summary>One p_land segment: key (<c>*</c>, route, or route/arm), samples, knots, holdout metrics before and
/// after.</summary>
public sealed record SegmentView(string Key, long N, bool OwnFit, double[] KnotsX, double[] KnotsY,
    HoldoutScore? Before, HoldoutScore? After)
{
    /// <summary>The view of a segment of the summary.</summary>
    public static SegmentView From(SegmentSummary s) => new(s.Key, s.N, s.OwnFit, s.KnotsX, s.KnotsY,
        HoldoutScore.From(s.Before), HoldoutScore.From(s.After));

    /// <summary>Route part of the key, or null for the global segment.</summary>
    public string? Route => Key == "*" ? null : Key.Split('/')[0];

    /// <summary>Arm part of the key, or null.</summary>
    public string? Arm => Key.Split('/') is [_, var arm] ? arm : null;
}

/// <summary>Holdout metrics of forecasts: sends (weight), equal-mass ECE, Brier score, log loss.</summary>
public sealed record HoldoutScore(double Sends, double Ece, double Brier, double LogLoss)
{
    /// <summary>The score of <paramref name="m"/>, or null.</summary>
    public static HoldoutScore? From(ProbabilityMetrics? m) =>
        m is null ? null : new HoldoutScore(m.WeightSum, m.EceEqualMass, m.Brier.Brier, m.LogLoss);
}
