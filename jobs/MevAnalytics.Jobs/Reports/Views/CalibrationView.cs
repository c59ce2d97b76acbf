using System.Text.Json;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Jobs.Calibration;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>What the report shows of the current calibration: its p_land segments and the holdout rows it was judged on.</summary>
/// <param name="Version">Current version.</param>
/// <param name="Segments">p_land segments from the summary.</param>
/// <param name="TableLogLoss">Holdout log loss of the table looked up like the runtime does.</param>
/// <param name="TableEce">Holdout ECE (equal mass) of the table.</param>
/// <param name="Holdout">p_land holdout rows from the run's Parquet snapshot, or null when it is missing.</param>
public sealed record CalibrationView(int Version, IReadOnlyList<SegmentView> Segments, double TableLogLoss, double TableEce,
    CalibrationSample? Holdout)
{
    /// <summary>Reads the p_land target of a calibration summary (pure).</summary>
    public static CalibrationView FromSummary(int version, JsonElement summary, CalibrationSample? holdout)
    {
        var target = summary.Items("targets").FirstOrDefault(t => t.Text("target") == "p_land");
        var segments = target.ValueKind == JsonValueKind.Object
            ? target.Items("segments").Select(SegmentView.From).ToArray()
            : [];
        var table = summary.Child("table");
        return new CalibrationView(version, segments, table?.Number("logLoss") ?? double.NaN, table?.Number("ece") ?? double.NaN, holdout);
    }
}

/// <summary>One p_land segment: key (<c>*</c>, route, or route/arm), samples, knots, holdout metrics before and after.</summary>
public sealed record SegmentView(string Key, long N, bool OwnFit, double[] KnotsX, double[] KnotsY, HoldoutScore? Before, HoldoutScore? After)
{
    public static SegmentView From(JsonElement s) => new(s.Text("key"), (long)s.Number("n"), s.Flag("ownFit"), s.Numbers("knotsX"),
        s.Numbers("knotsY"), HoldoutScore.From(s.Child("before")), HoldoutScore.From(s.Child("after")));

    /// <summary>Route part of the key, or null for the global segment.</summary>
    public string? Route => Key == "*" ? null : Key.Split('/')[0];

    /// <summary>Arm part of the key, or null.</summary>
    public string? Arm => Key.Split('/') is [_, var arm] ? arm : null;
}

/// <summary>Holdout metrics of forecasts: sends (weight), equal-mass ECE, Brier score, log loss.</summary>
public sealed record HoldoutScore(double Sends, double Ece, double Brier, double LogLoss)
{
    public static HoldoutScore? From(JsonElement? e) => e is { } m
        ? new HoldoutScore(m.Number("weightSum"), m.Number("eceEqualMass"), m.Child("brier")?.Number("brier") ?? double.NaN, m.Number("logLoss"))
        : null;
}
