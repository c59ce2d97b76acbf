using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Runs;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Reports.Views;
using MevAnalytics.Reports.Charts;
using MevAnalytics.Reports.Documents;

namespace MevAnalytics.Jobs.Reports.Sections;

/// <summary>Section 2: reliability before/after, fitted curves over the score histogram, holdout metrics, quality over
/// runs, gate decisions.</summary>
public static class CalibrationSection
{
    private const string BeforeColor = "#e69f00";
    private const string AfterColor = "#0072b2";

    public static ReportSection Build(ReportInputs input, RoutePalette palette)
    {
        var blocks = new List<ReportBlock>();
        var view = input.Calibration;
        if (view is not null)
        {
            var shown = Shown(view, input.Options.CalibrationSegments);
            if (view.Holdout is { } holdout)
            {
                blocks.Add(new ChartGridBlock("Reliability before and after calibration (holdout, equal-mass bins)",
                    shown.Select(s => ReliabilityChart(s, holdout, input.Options.ReliabilityBins)).ToArray(),
                    "Each point is one of " + input.Options.ReliabilityBins +
                    " equal-mass bins of holdout sends: mean forecast against observed " +
                    "landing frequency, with its 95% Wilson interval. Points on the dashed diagonal are calibrated."));
                if (shown.Count > 0 && BinTable(shown[0], holdout, input.Options.ReliabilityBins) is { } bins)
                    blocks.Add(new TableBlock(bins));
                blocks.Add(new ChartBlock(CurveChart(shown, holdout, palette),
                    "Fitted isotonic curves (calibrated p_land as a function of the raw score) over the distribution " +
                    "of holdout raw scores."));
            }
            else
            {
                blocks.Add(new TextBlock($"The Parquet snapshot of calibration v{view.Version} is missing, so its " +
                    "holdout rows cannot be binned here."));
            }
            blocks.Add(new TableBlock(MetricsTable(view)));
        }
        blocks.Add(new ChartBlock(QualityChart(input),
            "Holdout ECE of every published calibration run in both windows: raw score (before) and fitted curve " +
            "(after)."));
        blocks.Add(new TableBlock(GateTable(input)));
        return new ReportSection("calibration", "2. Calibration",
            "Is a predicted landing probability of p right p of the time, before and after the isotonic fit, and did " +
            "the gate agree?",
            blocks, "No calibration published and no calibrate run in the window.");
    }

    /// <summary>The global segment and the largest own-fit segments.</summary>
    public static IReadOnlyList<SegmentView> Shown(CalibrationView view, int largest) =>
        view.Segments.Where(s => s.Key == "*" && s.OwnFit)
            .Concat(view.Segments.Where(s => s.Key != "*" && s.OwnFit && s.Before is not null)
                .OrderByDescending(s => s.N).ThenBy(s => s.Key, StringComparer.Ordinal).Take(largest))
            .ToArray();

    /// <summary>Holdout rows of <paramref name="segment"/> (route and arm match its key; all rows for the global
    /// segment).</summary>
    public static (double[] Score, double[] Label, double[] Sends) Rows(SegmentView segment, CalibrationSample holdout)
    {
        var score = new List<double>(); var label = new List<double>(); var sends = new List<double>();
        for (int i = 0; i < holdout.Count; i++)
        {
            if (segment.Route is { } r && holdout.RouteNames[holdout.Route[i]] != r) continue;
            if (segment.Arm is { } a && holdout.ArmNames[holdout.Arm[i]] != a) continue;
            score.Add(holdout.X[i]); label.Add(holdout.Y[i]); sends.Add(holdout.N[i]);
        }
        return ([.. score], [.. label], [.. sends]);
    }

    /// <summary>Reliability of the raw score (before) and of the segment's fitted curve (after) on its holdout
    /// rows.</summary>
    public static (ReliabilityPoints Before, ReliabilityPoints After)? Reliability(SegmentView segment,
        CalibrationSample holdout, int bins)
    {
        var (x, y, n) = Rows(segment, holdout);
        if (x.Length == 0 || segment.KnotsX.Length == 0) return null;
        var model = IsotonicModel.FromKnots(segment.KnotsX, segment.KnotsY);
        var raw = x.Select(v => Math.Clamp(v, 0, 1)).ToArray();
        var fitted = x.Select(v => Math.Clamp(model.Predict(v), 0, 1)).ToArray();
        return (ReliabilityPoints.Compute(raw, y, n, bins), ReliabilityPoints.Compute(fitted, y, n, bins));
    }

    /// <summary>Reliability before/after of one segment on its holdout rows, with Wilson intervals.</summary>
    public static Chart ReliabilityChart(SegmentView segment, CalibrationSample holdout, int bins)
    {
        var title = segment.Key == "*" ? "global curve" : "segment " + segment.Key;
        var name = "reliability-" + Slug(segment.Key);
        if (Reliability(segment, holdout, bins) is not var (before, after))
            return new Chart(name, "Reliability: " + title, "mean forecast", "observed landing frequency", []);
        double lo = Math.Min(before.Forecast.Concat(after.Forecast).Min(), after.Lower.Min());
        double hi = Math.Max(before.Forecast.Concat(after.Forecast).Max(), after.Upper.Max());
        return new Chart(name, $"Reliability: {title} (ECE {before.Ece:0.0000} -> {after.Ece:0.0000})", "mean forecast",
            "observed landing frequency",
        [
            new LineLayer("perfect calibration", "#999999", [lo, hi], [lo, hi], Markers: false, Dashed: true),
            new IntervalLayer("before (raw score)", BeforeColor, before.Forecast, before.Observed, before.Lower,
                before.Upper),
            new IntervalLayer("after (fitted)", AfterColor, after.Forecast, after.Observed, after.Lower, after.Upper),
        ], Width: 620, Height: 420, Legend: LegendPlacement.LowerRight);
    }

    private static ReportTable? BinTable(SegmentView segment, CalibrationSample holdout, int bins)
    {
        if (Reliability(segment, holdout, bins) is not var (_, after)) return null;
        var rows = Enumerable.Range(0, after.Forecast.Length).Select(i => (IReadOnlyList<string>)
        [
            (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Cells.Num(after.Forecast[i], "0.0000"),
            Cells.Num(after.Observed[i], "0.0000"),
            $"[{Cells.Num(after.Lower[i], "0.0000")}, {Cells.Num(after.Upper[i], "0.0000")}]",
            Cells.Int((long)after.Sends[i]), Cells.Int(after.Rows[i]),
        ]).ToArray();
        return new ReportTable(
            $"Reliability bins of the {(segment.Key == "*" ? "global curve" : segment.Key)} after calibration",
            ["bin", "mean forecast", "observed", "95% Wilson interval", "sends", "rows"], rows,
            "Equal-mass bins of the fitted forecast; rows are push-down buckets (or raw sends), sends are what the " +
            "frequency is over.");
    }

    /// <summary>Fitted curves of <paramref name="shown"/> over the holdout raw-score histogram.</summary>
    public static Chart CurveChart(IReadOnlyList<SegmentView> shown, CalibrationSample holdout, RoutePalette palette)
    {
        var layers = new List<ChartLayer>();
        var global = shown.FirstOrDefault(s => s.Key == "*");
        if (global is not null)
        {
            // Histogram of holdout raw scores, scaled so its tallest bar reaches 0.25 (it shares the probability axis).
            const int bins = 40;
            var weight = new double[bins];
            for (int i = 0; i < holdout.Count; i++)
                weight[Math.Clamp((int)(holdout.X[i] * bins), 0, bins - 1)] += holdout.N[i];
            double max = weight.Max();
            if (max > 0)
                layers.Add(new BarLayer("raw-score histogram (holdout sends, scaled)", "#bbbbbb",
                    Enumerable.Range(0, bins).Select(i => (i + 0.5) / bins).ToArray(),
                    weight.Select(w => 0.25 * w / max).ToArray(), 1.0 / bins));
        }
        foreach (var s in shown)
            layers.Add(new LineLayer(s.Key == "*" ? "global" : s.Key,
                s.Key == "*" ? RoutePalette.Neutral : palette[s.Route!], s.KnotsX, s.KnotsY, Markers: false));
        layers.Add(new LineLayer("identity", "#999999", [0, 1], [0, 1], Markers: false, Dashed: true));
        return new Chart("calibration-curves", "Fitted calibration curves over the raw-score distribution", "raw score",
            "calibrated landing probability", layers, XRange: new AxisRange(0, 1), YRange: new AxisRange(0, 1),
            Legend: LegendPlacement.UpperLeft);
    }

    private static ReportTable MetricsTable(CalibrationView view)
    {
        var rows = view.Segments.Where(s => s.Before is not null && s.After is not null)
            .OrderBy(s => s.Key == "*" ? 0 : 1).ThenByDescending(s => s.N).Take(15)
            .Select(s => (IReadOnlyList<string>)
            [
                s.Key, Cells.Int((long)s.After!.Sends), s.OwnFit ? "own fit" : "parent's curve",
                $"{Cells.Num(s.Before!.Ece, "0.0000")} -> {Cells.Num(s.After.Ece, "0.0000")}",
                $"{Cells.Num(s.Before.Brier, "0.0000")} -> {Cells.Num(s.After.Brier, "0.0000")}",
                $"{Cells.Num(s.Before.LogLoss, "0.0000")} -> {Cells.Num(s.After.LogLoss, "0.0000")}",
            ]).ToArray();
        return new ReportTable($"Holdout metrics of calibration v{view.Version}, before -> after (largest segments)",
            ["segment", "holdout sends", "curve", "ECE", "Brier", "log loss"], rows,
            $"Whole table looked up as the runtime does: log loss {Cells.Num(view.TableLogLoss, "0.0000")}, " +
            $"ECE {Cells.Num(view.TableEce, "0.0000")}. " +
            "ECE uses equal-mass bins.");
    }

    private static Chart QualityChart(ReportInputs input)
    {
        var runs = input.Runs.Where(r => r.Job == CalibrationJob.JobName && r.Status == "published")
            .OrderBy(r => r.StartedAt).ToArray();
        ChartLayer Series(string metric, string label, string color)
        {
            var withMetric = runs.Where(r => r.Metrics.ContainsKey(metric)).ToArray();
            return new LineLayer(label, color, withMetric.Select(r => r.StartedAt.ToOADate()).ToArray(),
                withMetric.Select(r => r.Metrics[metric]).ToArray());
        }
        return new Chart("calibration-quality", "Holdout ECE of published calibration runs", "run start (UTC)",
            "ECE (equal mass)",
            [
                Series(CalibrationMetricNames.HoldoutEceBefore, "before (raw score)", BeforeColor),
                Series(CalibrationMetricNames.HoldoutEceAfter, "after (fitted)", AfterColor)
            ],
            ChartAxisKind.Time, Height: 360);
    }

    private static ReportTable GateTable(ReportInputs input)
    {
        var rows = input.Runs.Where(r => r.Job == CalibrationJob.JobName).Take(20).Select(r => (IReadOnlyList<string>)
        [
            Cells.Time(r.StartedAt), r.Status, r.LutVersion.Length > 0 ? "v" + r.LutVersion : "-",
            Cells.Num(r.Metrics.GetValueOrDefault(CalibrationMetricNames.HoldoutEceAfter, double.NaN), "0.0000"),
            r.Status switch
            {
                "published" => "all gate checks passed",
                _ => r.Error.Length > 0 ? r.Error : "no reason recorded"
            },
        ]).ToArray();
        return new ReportTable("Gate decisions of calibrate runs (newest first)",
            ["started (UTC)", "decision", "version", "ECE after", "reason"], rows);
    }

    private static string Slug(string key) =>
        key == "*" ? "global" : new string(key.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
