using System.Diagnostics;
using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Calibration.Runs;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Validation;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// <c>calibrate</c>: reads the window (push-down buckets, exact rows, or an offline file), fits p_land and EV curves per
/// segment (global "*" -> route -> route/arm, falling back below MinSamples), evaluates them on the most recent holdout
/// slice, gates (standard checks + not worse than the current table on holdout log loss and ECE) and publishes table
/// <c>calibration</c> with a summary and a Parquet snapshot of the fitted rows beside it. The math is
/// <see cref="CalibrationFitter"/>; the table is encoded once, and those bytes are scored, gated and written.
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
        var run = LutJobRun<CalibrationOptions>.Start(context, this, Table, LutTableKind.Calibration, o => o.Window);
        var (options, clock) = (run.Options, Stopwatch.StartNew());
        context.Progress(0.02);
        var data = options.Input is { } input
            ? await FileCalibrationReader.ReadAsync(input, options, ct)
            : await ClickHouseCalibrationReader.ReadAsync(context.Db, options, run.Window.From, run.Window.To, ct,
                context.Store?.Sources);
        var read = clock.Elapsed.TotalSeconds;
        context.Log($"calibrate: {data.Source}, {data.RowsRead:N0} rows read in {read:0.00} s" +
                    (data.BadRows.Total > 0 ? $", {data.BadRows.Total:N0} bad rows skipped" : "") + Coverage(data));
        context.Progress(0.5);
        if (TooLittle(data, options) is { } reason) return run.Refused("min-rows", reason, data.RowsRead);

        // The snapshot depends on the rows only: encoded on the other core while the fit runs.
        var snapshotEncoding = Task.Run(() => CalibrationSnapshot.CompanionAsync(data, ct), ct);
        var settings = options.RunSettings(data.HasRoute, data.HasArm);
        var fit = CalibrationFitter.Fit(data.PLand, data.Ev, settings, GroundTruth(context, options), data.Source);
        var fitted = clock.Elapsed.TotalSeconds;
        var segments = fit.Targets.SelectMany(t => CalibrationMapping.ToLut(t.Fits, t.Target, options.GridSize));
        var table = LutWriter.Write(new LutContent(run.Header(fit.RowsUsed, data.WindowFromUnixMs, data.WindowToUnixMs))
        {
            Calibration = [.. segments],
        });
        var score = fit.PLand is { } p ? Scorer(p.Holdout, settings) : null;
        using var current = score is null ? null : run.OpenCurrent();
        var gate = score is null ? null
            : new HoldoutGate(() => ScoreBytes(table, score), current, score, options.LogLossTolerance,
                options.EceTolerance);
        var (candidate, holdoutGate) = (gate?.Candidate, gate?.Checks() ?? []);
        var scored = clock.Elapsed.TotalSeconds;
        context.Progress(0.8);
        // EV curves (keys "ev:…") are in SOL, not probabilities: the [0, 1] range applies to the p_land curves only.
        var checks = LutGateChecks.Standard(options.MinRows, key => !CalibrationCurves.IsEvKey(key), holdoutGate);
        var summary = new CalibrationSummary(data.Source, new WindowSummary(data.WindowFromUnixMs, data.WindowToUnixMs,
            data.HoldoutFromUnixMs, data.Bucketed), data.RowsRead, data.BadRows.Counts,
            fit.Targets.Select(t => t.Summary).ToArray(), candidate, fit.Truth);
        var metrics = new Dictionary<string, double>(fit.Metrics) { ["bad_rows_skipped"] = data.BadRows.Total };
        var snapshot = await snapshotEncoding;
        var encoded = clock.Elapsed.TotalSeconds;
        var outcome = await run.PublishAsync(table, checks, metrics, summary, data.RowsRead, [snapshot], ct);
        context.Log($"calibrate: read {read:0.00} s, fit+evaluate {fitted - read:0.00} s, " +
                    $"encode+score both tables {scored - fitted:0.00} s, snapshot {encoded - scored:0.00} s, " +
                    $"gate+publish {clock.Elapsed.TotalSeconds - encoded:0.00} s");
        context.Progress(1);
        return outcome;
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

    /// <summary>Scores a table on the p_land holdout rows, each looked up by its segment as the runtime does.</summary>
    private static Func<LutFile, TableScore> Scorer(CalibrationSample holdout, CalibrationRunSettings settings) =>
        lut => HoldoutEvaluation.ScoreTable(lut.Calibrate, holdout, settings.ByRoute, settings.ByArm,
            settings.BinCount);

    private static TableScore ScoreBytes(byte[] table, Func<LutFile, TableScore> score)
    {
        using var lut = LutFile.FromBytes(table);
        return score(lut);
    }

    private static TruthCurves? GroundTruth(JobContext context, CalibrationOptions options) =>
        GroundTruthCurves.TryLoad(
            options.GroundTruth ?? Path.Combine(context.Artifacts.Root, "simulation", "ground-truth.json"))?.Curves();

    // A mapped source without route or tip arm (docs/sources.md) fits coarser curves: say so beside the read.
    private static string Coverage(CalibrationDataSet data) => data is { HasRoute: true, HasArm: true } ? ""
        : $"; no {(data.HasRoute ? "tip arm: per-route" : "route: global")} curves only (docs/sources.md)";
}
