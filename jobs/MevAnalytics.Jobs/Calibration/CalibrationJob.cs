using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Segments;
using MevAnalytics.Calibration.Validation;
using MevAnalytics.Data.Configuration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Publishing;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// <c>calibrate</c>: reads the window (push-down buckets, exact rows, or an offline file), fits p_land and EV curves per
/// segment (global "*" -> route -> route/arm, falling back below MinSamples), evaluates them on the most recent holdout
/// slice, gates (standard checks + not worse than the current table on holdout log loss and ECE) and publishes table
/// <c>calibration</c> with a summary and a Parquet snapshot of the fitted rows beside it.
/// </summary>
public sealed class CalibrationJob : IAnalyticsJob
{
    /// <summary>LUT table name.</summary>
    public const string Table = "calibration";

    /// <inheritdoc />
    public string Name => "calibrate";

    /// <inheritdoc />
    public string Description => "Isotonic calibration of p_land and EV per route/arm with holdout evaluation and gating.";

    /// <inheritdoc />
    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var options = SectionOptions.Get<CalibrationOptions>(context.Configuration);
        var (from, to) = QueryWindow.Ending(context.UtcNow, options.Window);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        context.Progress(0.02);
        var data = options.Input is { } input
            ? await FileCalibrationReader.ReadAsync(input, options, ct)
            : await ClickHouseCalibrationReader.ReadAsync(context.Db, options, from, to, ct, context.Store?.Sources);
        var readSeconds = clock.Elapsed.TotalSeconds;
        if (!data.HasRoute || !data.HasArm)
            context.Log($"calibrate: {data.Source} has no {(data.HasRoute ? "tip arm" : "route")} " +
                        $"({(data.HasRoute ? "per-route" : "global")} curves only; docs/sources.md)");
        context.Log($"calibrate: {data.Source}, {data.RowsRead:N0} rows read in {readSeconds:0.00} s" +
                    (data.BadRows.Total > 0 ? $", {data.BadRows.Total:N0} bad rows skipped" : ""));
        context.Progress(0.5);
        if (data.PLand is null && data.Ev is null)
            throw new ArgumentException($"{data.Source}: no p_land or EV rows: nothing to fit, nothing published.");
        // Too little data is a gate (exit 2, current table kept), not a failure: the fit itself would be unreliable.
        if (data.PLand is { } p && p.Count > 0 && p.Samples() < options.MinRows)
            return new JobOutcome(JobStatus.Gated,
                $"gate refused the new table, current one kept: min-rows: {p.Samples():0} p_land rows in {data.Source} < " +
                $"{options.MinRows}{GateHints.For(Table, "min-rows")}", data.RowsRead, null, new Dictionary<string, double>(), []);
        foreach (var sample in new[] { data.PLand, data.Ev }.OfType<CalibrationSample>())
            CalibrationInputRules.RequireSomeWeight(data.Source, sample.W.AsSpan(0, sample.Count).ToArray().Sum(), sample.Count,
                options.HalfLife);

        var truth = GroundTruthCurves.TryLoad(options.GroundTruth ?? Path.Combine(context.Artifacts.Root, "simulation", "ground-truth.json"));
        var result = Compute(data, options, truth);
        var computeSeconds = clock.Elapsed.TotalSeconds - readSeconds;
        context.Progress(0.8);

        var content = new LutContent(new LutHeader(LutTableKind.Calibration, new DateTimeOffset(to).ToUnixTimeMilliseconds(),
            data.WindowFromUnixMs, data.WindowToUnixMs, result.RowsUsed, Name, BuildInfo.GitRevision))
        {
            Calibration = result.Segments,
        };
        // EV curves (keys "ev:…") are in SOL, not probabilities: the [0, 1] range applies to the p_land curves only.
        var checks = LutGateChecks.Standard(options.MinRows, key => !CalibrationCurves.IsEvKey(key), GateChecks(result.PLandHoldout, options, data).ToArray());
        // The snapshot of the fitted rows is part of the publication: whole beside the version, or nothing published.
        var snapshot = new LutCompanion(CalibrationSnapshot.Suffix, (stream, _, token) => CalibrationSnapshot.WriteAsync(stream, data, token));
        var outcome = await JobPublication.PublishAsync(context, Table, content, checks, result.Metrics, result.Summary, data.RowsRead,
            [snapshot], ct);
        context.Log($"calibrate: read {readSeconds:0.00} s, fit+evaluate {computeSeconds:0.00} s, " +
                    $"gate+publish+snapshot {clock.Elapsed.TotalSeconds - readSeconds - computeSeconds:0.00} s");
        context.Progress(1);
        return outcome;
    }

    /// <summary>The pure part of a run: fits, LUT segments, holdout evaluation, metrics and summary.</summary>
    public sealed record Result(IReadOnlyList<CalibrationSegment> Segments, long RowsUsed, IReadOnlyDictionary<string, double> Metrics,
        CalibrationSummary Summary, CalibrationSample? PLandHoldout, IReadOnlyList<SegmentFit>? PLandFits, IReadOnlyList<SegmentFit>? EvFits);

    /// <summary>Fits and evaluates <paramref name="data"/> (no I/O).</summary>
    public static Result Compute(CalibrationDataSet data, CalibrationOptions options, GroundTruthCurves? truth)
    {
        var segments = new List<CalibrationSegment>();
        var targets = new List<TargetSummary>();
        var metrics = new Dictionary<string, double>();
        long rowsUsed = 0;
        IReadOnlyList<SegmentFit>? pFits = null, eFits = null;
        CalibrationSample? pHoldout = null, eHoldout = null;
        foreach (var sample in new[] { data.PLand, data.Ev })
        {
            if (sample is null) continue;
            var fits = CalibrationCurves.Fit(sample, options, data.HasRoute, data.HasArm, data.Source);
            var holdout = sample.Part(holdout: true);
            if (holdout.Count == 0)
                throw new ArgumentException($"{data.Source}: the holdout slice has no {(sample.Target == CalibrationTarget.PLand ? "p_land" : "EV")} rows: " +
                                            "nothing to evaluate the fit on, nothing published.");
            var evaluation = HoldoutEvaluation.Evaluate(fits, holdout, options.BinCount);
            segments.AddRange(CalibrationCurves.ToLut(fits, sample.Target, options.GridSize));
            targets.Add(Summarize(sample.Target, fits, evaluation, options));
            var global = evaluation["*"];
            if (sample.Target == CalibrationTarget.PLand)
            {
                pFits = fits; pHoldout = holdout;
                rowsUsed = fits[0].Rows;
                metrics["holdout_ece_before"] = global.Before!.EceEqualMass;
                metrics["holdout_ece_after"] = global.After!.EceEqualMass;
                metrics["holdout_ece_width_after"] = global.After.EceEqualWidth;
                metrics["holdout_logloss_before"] = global.Before.LogLoss;
                metrics["holdout_logloss_after"] = global.After.LogLoss;
                metrics["holdout_brier_after"] = global.After.Brier.Brier;
                metrics["holdout_n"] = global.After.WeightSum;
            }
            else
            {
                eFits = fits; eHoldout = holdout;
                if (rowsUsed == 0) rowsUsed = fits[0].Rows;
                metrics["ev_mae_before"] = global.EvBefore!.MeanAbsoluteError;
                metrics["ev_mae_after"] = global.EvAfter!.MeanAbsoluteError;
                metrics["ev_bias_after"] = global.EvAfter.Bias;
            }
        }
        metrics["segments"] = segments.Count;
        metrics["bad_rows_skipped"] = data.BadRows.Total;

        TruthDistance? distance = null;
        if (truth is not null && pFits is not null)
        {
            var (rms, max) = HoldoutEvaluation.DistanceFromTruth(pFits[0].Model, pHoldout!, truth.PLand);
            var identity = IsotonicModel.FromKnots([0.0, 1.0], [0.0, 1.0]);
            var (rawRms, _) = HoldoutEvaluation.DistanceFromTruth(identity, pHoldout!, truth.PLand);
            double? evRms = null, evMax = null;
            if (eFits is not null) (evRms, evMax) = HoldoutEvaluation.DistanceFromTruth(eFits[0].Model, eHoldout!, truth.Ev);
            distance = new TruthDistance(truth.Path, rms, max, evRms, evMax, rawRms);
            metrics["truth_rms"] = rms;
            metrics["truth_max_abs"] = max;
        }
        TableScore? table = null;
        if (pHoldout is not null)
        {
            using var candidate = LutFile.FromBytes(LutWriter.Write(new LutContent(
                new LutHeader(LutTableKind.Calibration, 0, 0, 0, rowsUsed, "calibrate", BuildInfo.GitRevision)) { Calibration = segments }));
            var (ll, ece) = HoldoutEvaluation.ScoreTable(candidate, pHoldout, UsesRoute(options, data), UsesArm(options, data), options.BinCount);
            table = new TableScore(ll, ece);
        }
        var summary = new CalibrationSummary(data.Source,
            new WindowSummary(data.WindowFromUnixMs, data.WindowToUnixMs, data.HoldoutFromUnixMs, data.Bucketed), data.RowsRead,
            data.BadRows.Counts, targets, table, distance, null);
        return new Result(segments, rowsUsed, metrics, summary, pHoldout, pFits, eFits);
    }

    private static bool UsesRoute(CalibrationOptions o, CalibrationDataSet d) => o.ByRoute && d.HasRoute;

    private static bool UsesArm(CalibrationOptions o, CalibrationDataSet d) => o.ByArm && d.HasArm && UsesRoute(o, d);

    private static IEnumerable<ILutGateCheck> GateChecks(CalibrationSample? holdout, CalibrationOptions options, CalibrationDataSet data)
    {
        if (holdout is null) yield break;
        bool byRoute = UsesRoute(options, data), byArm = UsesArm(options, data);
        (double, double)? cached = null;
        (double LogLoss, double Ece) Candidate(LutFile c) => cached ??= HoldoutEvaluation.ScoreTable(c, holdout, byRoute, byArm, options.BinCount);
        yield return new NotWorseThanCurrentCheck("holdout-logloss", (candidate, current) =>
        {
            double a = Candidate(candidate).LogLoss, b = HoldoutEvaluation.ScoreTable(current, holdout, byRoute, byArm, options.BinCount).LogLoss;
            return a <= b + options.LogLossTolerance
                ? LutCheckResult.Pass()
                : LutCheckResult.Fail($"holdout log loss {a:0.######} is worse than the current table's {b:0.######} by more than {options.LogLossTolerance}");
        });
        yield return new NotWorseThanCurrentCheck("holdout-ece", (candidate, current) =>
        {
            double a = Candidate(candidate).Ece, b = HoldoutEvaluation.ScoreTable(current, holdout, byRoute, byArm, options.BinCount).Ece;
            return a <= b + options.EceTolerance
                ? LutCheckResult.Pass()
                : LutCheckResult.Fail($"holdout ECE {a:0.######} is worse than the current table's {b:0.######} by more than {options.EceTolerance}");
        });
    }

    private static TargetSummary Summarize(CalibrationTarget target, IReadOnlyList<SegmentFit> fits,
        IReadOnlyDictionary<string, HoldoutEvaluation.SegmentMetrics> evaluation, CalibrationOptions options)
    {
        bool p = target == CalibrationTarget.PLand;
        var list = fits.Select(f =>
        {
            var m = evaluation[f.Key.ToString()];
            var kx = f.OwnFit ? f.Model.XThresholds.ToArray() : [];
            var ky = f.OwnFit ? f.Model.YThresholds.ToArray() : [];
            bool monotone = ky.Zip(ky.Skip(1)).All(t => t.Second >= t.First);
            bool inRange = !p || ky.All(v => v is >= 0 and <= 1);
            bool? improved = p
                ? m.After is null ? null : m.After.EceEqualMass <= m.Before!.EceEqualMass
                : m.EvAfter is null ? null : m.EvAfter.MeanAbsoluteError <= m.EvBefore!.MeanAbsoluteError;
            return new SegmentSummary(CalibrationCurves.LutKey(target, f.Key), f.ParentKey is { } pk ? CalibrationCurves.LutKey(target, pk) : null,
                f.Rows, f.WeightSum, f.OwnFit, CalibrationCurves.LutKey(target, f.EffectiveKey), kx, ky, m.Before, m.After, m.EvBefore, m.EvAfter,
                new SegmentChecks(monotone, inRange, f.Rows >= options.MinSamples, improved));
        }).ToArray();
        return new TargetSummary(p ? "p_land" : "ev", p ? "" : CalibrationSample.EvKeyPrefix, list);
    }
}
