using System.Text.Json.Serialization.Metadata;
using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Calibration.Runs;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Validation;
using MevAnalytics.Data.Schema;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// <c>calibrate</c>: reads the window (push-down buckets, exact rows, or an offline file), fits p_land and EV curves
/// per segment (global "*" -> route -> route/arm, falling back below MinSamples) with <see cref="CalibrationFitter"/>,
/// judges the encoded table on the most recent holdout slice against the current one (not worse on holdout log loss
/// and ECE), and publishes table <c>calibration</c> with a Parquet snapshot of the fitted rows beside it.
/// </summary>
public sealed class CalibrationJob : LutJob<CalibrationOptions, CalibrationInput, CalibrationSummary>
{
    /// <summary>LUT table name.</summary>
    public const string TableName = "calibration";

    /// <summary>Job name (schedules, <c>mev run calibrate</c>, <c>job_runs.job</c>).</summary>
    public const string JobName = "calibrate";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    public override string Description =>
        "Isotonic calibration of p_land and EV per route/arm with holdout evaluation and gating.";

    /// <inheritdoc />
    public override string Table => TableName;

    /// <inheritdoc />
    public override LutTableKind Kind => LutTableKind.Calibration;

    /// <inheritdoc />
    public override JsonTypeInfo<SummaryDocument<CalibrationSummary>> SummaryType =>
        SummaryJsonContext.Default.SummaryDocumentCalibrationSummary;

    /// <inheritdoc />
    public override TimeSpan WindowOf(CalibrationOptions options) => options.Window;

    /// <inheritdoc />
    public override IReadOnlyList<string> Needs(CalibrationOptions options) =>
        options.FitEv ? ["Score", "EvEst", "Payoff"] : ["Score"];

    /// <inheritdoc />
    public override async Task<CalibrationInput> ReadAsync(JobContext context, CalibrationOptions options,
        QueryWindow window, CancellationToken ct)
    {
        var data = options.Input is { } file
            ? await FileCalibrationReader.ReadAsync(file, options, ct)
            : await ClickHouseCalibrationReader.ReadAsync(context.Db, options, window.From, window.To, ct,
                context.Store?.Sources);
        context.Log($"calibrate: {data.Source}, {data.RowsRead:N0} rows read" +
                    (data.RolledDays > 0 ? $" ({data.RolledDays} whole days from {CalibrationRollup.Table})" : "") +
                    (data.BadRows.Total > 0 ? $", {data.BadRows.Total:N0} bad rows skipped" : "") + Coverage(data));
        return new CalibrationInput(data, options.GroundTruth is { } truth ? GroundTruthCurves.Load(truth) : null);
    }

    /// <inheritdoc />
    public override LutCandidate<CalibrationSummary> Fit(CalibrationInput input, CalibrationOptions options,
        LutStamp stamp)
    {
        var data = input.Data;
        var tooLittle = TooLittle(data, options);
        // A fit of a file is a scratch fit the user asked for: too few rows is a warning there, not a gate.
        if (tooLittle is not null && options.Input is null)
            return LutCandidate<CalibrationSummary>.Refused("min-rows", tooLittle, data.RowsRead);
        // The snapshot depends on the rows only: encoded on the other core while the fit runs.
        var snapshot = Task.Run(() => CalibrationSnapshot.Encode(data));
        var settings = options.RunSettings(data.HasRoute, data.HasArm);
        var fit = CalibrationFitter.Fit(data.PLand, data.Ev, settings, input.Truth?.Curves(), data.Source);
        var content = new LutContent(stamp.Header(fit.RowsUsed, data.WindowFromUnixMs, data.WindowToUnixMs))
        {
            Calibration = [.. fit.Targets.SelectMany(t => CalibrationMapping.ToLut(t.Fits, t.Target))],
        };
        var candidate = LutCandidate<CalibrationSummary>.Of(content, data.RowsRead,
            (table, current) => Judge(data, fit, settings, options, table, current));
        return candidate with
        {
            Companions = [CalibrationSnapshot.Companion(snapshot)],
            Note = tooLittle is null ? null
                : $"warning: {tooLittle} (Calibration:MinRows): curves this small a fit gives are unreliable",
        };
    }

    /// <summary>The candidate scored on the p_land holdout through its own bytes, as the runtime looks rows up, beside
    /// the current table on the same rows; the standard checks (EV curves, keys "ev:…", are in SOL: the [0, 1] range
    /// applies to p_land curves only), and the table answering with the fitted curves at every knot and midpoint.
    /// </summary>
    private static LutJudgement<CalibrationSummary> Judge(CalibrationDataSet data, CalibrationFitResult fit,
        CalibrationRunSettings settings, CalibrationOptions options, LutFile table, LutFile? current)
    {
        var gate = fit.PLand is { } p
            ? new HoldoutGate(table, current, lut => HoldoutEvaluation.ScoreTable(lut.Calibrate, p.Holdout,
                settings.ByRoute, settings.ByArm, settings.BinCount), options.LogLossTolerance, options.EceTolerance)
            : null;
        var summary = new CalibrationSummary(data.Source, new WindowSummary(data.WindowFromUnixMs,
                data.WindowToUnixMs, data.HoldoutFromUnixMs, data.Bucketed), data.RowsRead, data.BadRows.Counts,
            [.. fit.Targets.Select(t => t.Summary)], gate?.Candidate, fit.Truth);
        var metrics = new Dictionary<string, double>(fit.Metrics)
        {
            [CalibrationMetricNames.BadRowsSkipped] = data.BadRows.Total,
        };
        var fitted = new FittedCurveCheck(
            [.. fit.Targets.SelectMany(t => CalibrationMapping.Fitted(t.Fits, t.Target))]);
        var checks = LutGateChecks.Standard(options.Input is null ? options.MinRows : 0,
            key => !CalibrationCurves.IsEvKey(key),
            [fitted, .. gate?.Checks() ?? []]);
        return new LutJudgement<CalibrationSummary>(summary, metrics, checks);
    }

    /// <summary>Fails on input without any usable rows; the reason to gate (exit 2, current table kept) on fewer than
    /// MinRows, where the fit itself would be unreliable; else null.</summary>
    private static string? TooLittle(CalibrationDataSet data, CalibrationOptions options)
    {
        if (data.PLand is null && data.Ev is null)
            throw new ArgumentException($"{data.Source}: no p_land or EV rows: nothing to fit, nothing published.");
        if (data.PLand is { } p && p.Count > 0 && p.Samples() < options.MinRows)
            return $"{p.Samples():0} p_land rows in {data.Source} < {options.MinRows}";
        foreach (var sample in new[] { data.PLand, data.Ev }.OfType<CalibrationSample>())
            CalibrationInputRules.RequireSomeWeight(data.Source, sample.W.AsSpan(0, sample.Count).ToArray().Sum(),
                sample.Count, options.HalfLife);
        return null;
    }

    // A mapped source without route or tip arm (docs/sources.md) fits coarser curves: say so beside the read.
    private static string Coverage(CalibrationDataSet data) => data is { HasRoute: true, HasArm: true } ? ""
        : $"; no {(data.HasRoute ? "tip arm: per-route" : "route: global")} curves only (docs/sources.md)";
}
