using System.Globalization;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;
using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// Reads an offline input (<c>--input FILE</c>): a snapshot written by the job, p_land rows
/// (<c>score,label[,weight][,ts][,route][,arm]</c>; the score and label also as <c>y_prob,y_true</c>,
/// <c>p_land_est,landed</c> or the columns <c>Calibration:InputScoreColumn</c>/<c>InputLabelColumn</c> name) or EV
/// rows (<c>x,y[,weight][,ts][,route][,arm]</c>).
/// Holdout: with a ts column the most recent HoldoutFraction of [min ts, max ts] by time, otherwise the last
/// HoldoutFraction of the rows in file order.
/// </summary>
public static class FileCalibrationReader
{
    /// <summary>Names a p_land score column goes by, in the order they are looked for.</summary>
    public static readonly string[] ScoreNames = ["score", "y_prob", "p_land_est"];

    /// <summary>Names a landed label column goes by, in the order they are looked for.</summary>
    public static readonly string[] LabelNames = ["label", "y_true", "landed"];

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static async Task<CalibrationDataSet> ReadAsync(string path, CalibrationOptions options,
        CancellationToken ct)
    {
        var c = await InputColumns.ReadAsync(path, ct);
        if (CalibrationSnapshot.IsSnapshot(c)) return CalibrationSnapshot.Read(c, options.FitEv);
        // Named columns win; else the usual names, scikit-learn's (y_prob, y_true) among them.
        var scoreName = options.InputScoreColumn ?? ScoreNames.FirstOrDefault(c.Has);
        var labelName = options.InputLabelColumn ?? LabelNames.FirstOrDefault(c.Has);
        var target = scoreName is not null || labelName is not null ? CalibrationTarget.PLand : CalibrationTarget.Ev;
        string xName = target == CalibrationTarget.PLand ? scoreName ?? ScoreNames[0] : "x",
            yName = target == CalibrationTarget.PLand ? labelName ?? LabelNames[0] : "y";
        var x = c.Number(xName);
        var y = c.Number(yName);
        var w = c.Has("weight") ? c.Number("weight") : null;
        var ts = c.Has("ts") ? c.Number("ts") : null;
        var route = c.Has("route") ? c.Text("route") : null;
        var arm = c.Has("arm") ? c.Text("arm") : null;
        if (arm is not null && route is null) throw c.Missing("route");
        if (c.Rows == 0) throw new ArgumentException($"input '{path}' has no rows: nothing to calibrate.");

        var bad = new BadRowTally($"input '{path}'");
        var ok = new bool[c.Rows];
        for (int i = 0; i < c.Rows; i++)
        {
            long row = i + 1;
            bool good = true;
            void Check(InputRule rule, string column, double value)
            {
                if (rule.Accepts(value)) return;
                bad.Add(column, rule.Problem, row, Format(value));
                good = false;
            }
            bool probability = target == CalibrationTarget.PLand;
            Check(CalibrationInputRules.X(probability), xName, x[i]);
            Check(CalibrationInputRules.Y(probability), yName, y[i]);
            if (w is not null) Check(CalibrationInputRules.Weight, "weight", w[i]);
            if (ts is not null) Check(CalibrationInputRules.Time, "ts", ts[i]);
            void CheckName(string column, string[]? names)
            {
                if (names is null || SegmentKey.NameProblem(names[i]) is not { } problem) return;
                bad.Add(column, problem, row, SegmentKey.Quote(names[i]));
                good = false;
            }
            CheckName("route", route);
            CheckName("arm", arm);
            ok[i] = good;
        }
        bad.ThrowUnlessSkipped(options.SkipBadRows);

        long from = 0, to = 0;
        long? holdoutFrom = null;
        int holdoutRow = (int)Math.Ceiling(c.Rows * (1 - options.HoldoutFraction));
        if (ts is not null)
        {
            double lo = double.MaxValue, hi = double.MinValue;
            for (int i = 0; i < c.Rows; i++) if (ok[i]) { lo = Math.Min(lo, ts[i]); hi = Math.Max(hi, ts[i]); }
            if (lo <= hi)
            {
                from = (long)Math.Floor(lo);
                to = (long)Math.Floor(hi) + 1;
                holdoutFrom = to - (long)Math.Round((to - from) * options.HoldoutFraction);
            }
        }
        var routes = new NameCodes();
        var arms = new NameCodes();
        var sample = new CalibrationSample(target, ok.Count(v => v), routes.Names, arms.Names);
        for (int i = 0; i < c.Rows; i++)
        {
            if (!ok[i]) continue;
            bool holdout = holdoutFrom is { } h ? ts![i] >= h : i >= holdoutRow;
            sample.Add(x[i], y[i], w?[i] ?? 1.0, 1, routes.Code(route?[i] ?? "all"), arms.Code(arm?[i] ?? "all"),
                holdout);
        }
        return new CalibrationDataSet(target == CalibrationTarget.PLand ? sample : null,
            target == CalibrationTarget.Ev ? sample : null,
            from, to, holdoutFrom, c.Rows, bad, $"file {Path.GetFileName(path)}", Bucketed: false,
            HasRoute: route is not null, HasArm: arm is not null);
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
