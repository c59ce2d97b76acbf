using System.CommandLine;
using System.Globalization;
using MevAnalytics.Calibration.Runs;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Cli.Commands;

/// <summary>
/// <c>mev calibrate</c>: the <c>calibrate</c> job (same code as <c>mev run calibrate</c>) with its options overridden
/// from the command line. Exit 0 published, 2 gated (current table kept), 1 failed.
/// </summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var window = new Option<string?>("--window")
        {
            Description = "Window length ending now, e.g. 7d (default Calibration:Window, 7d).",
        };
        var halfLife = new Option<string?>("--half-life")
        {
            Description = "Half-life of time-decay weights, e.g. 24h (default: none).",
        };
        var segments = new Option<string?>("--segments")
        {
            Description = "Segment levels below global: '', 'route' or 'route,arm' (default).",
        };
        var mode = new Option<string?>("--mode") { Description = "pushdown (default) or exact." };
        mode.AcceptOnlyFromAmong("pushdown", "exact");
        var input = new Option<string?>("--input")
        {
            Description = "Fit an offline CSV/Parquet file (or a snapshot) instead of ClickHouse.",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Artifact root to publish under (default Artifacts:Root).",
        };
        var skip = new Option<bool>("--skip-bad-rows") { Description = "Skip and count bad rows instead of failing." };
        var scoreColumn = new Option<string?>("--score-column")
        {
            Description = "With --input: the score column (default: score, y_prob or p_land_est).",
        };
        var labelColumn = new Option<string?>("--label-column")
        {
            Description = "With --input: the 0/1 label column (default: label, y_true or landed).",
        };
        var command = new Command("calibrate",
            "Fit, evaluate, gate and publish the calibration LUT (exit 0 published, 2 gated, 1 failed).")
        {
            window, halfLife, segments, mode, input, output, skip, scoreColumn, labelColumn,
        };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var overrides = new Dictionary<string, string?>();
            const string s = CalibrationOptions.SectionName;
            if (parse.GetValue(window) is { } w) overrides[$"{s}:Window"] = Span(DurationText.Parse(w, "--window"));
            if (parse.GetValue(halfLife) is { } h)
                overrides[$"{s}:HalfLife"] = Span(DurationText.Parse(h, "--half-life"));
            if (parse.GetValue(segments) is { } seg) overrides[$"{s}:Segments"] = seg;
            if (parse.GetValue(mode) is { } m)
                overrides[$"{s}:Mode"] =
                    m == "exact" ? nameof(CalibrationMode.Exact) : nameof(CalibrationMode.PushDown);
            if (parse.GetValue(input) is { } i) overrides[$"{s}:Input"] = Path.GetFullPath(i);
            if (parse.GetValue(skip)) overrides[$"{s}:SkipBadRows"] = "true";
            if (parse.GetValue(scoreColumn) is { } sc) overrides[$"{s}:InputScoreColumn"] = sc;
            if (parse.GetValue(labelColumn) is { } lc) overrides[$"{s}:InputLabelColumn"] = lc;
            if ((parse.GetValue(scoreColumn) ?? parse.GetValue(labelColumn)) is not null
                && parse.GetValue(input) is null)
                throw new ArgumentException("--score-column and --label-column name columns of an --input file.");
            if (parse.GetValue(output) is { } o) overrides[$"{ArtifactOptions.SectionName}:Root"] = Path.GetFullPath(o);

            var job = JobCatalog.Get(CalibrationJob.JobName);
            var settings = JobSettings.Bind(MevConfiguration.Build(overrides));
            JobOutcome outcome;
            if (parse.GetValue(input) is not null)
            {
                // A fit of a file needs no ClickHouse: no engine is started and the run is not recorded.
                outcome = await CliConsole.WithProgressAsync(job.Name, progress => JobRunner.RunAsync(job,
                    new JobContext(null, settings, "cli", DateTime.UtcNow, CliConsole.Info, progress), token));
            }
            else
            {
                await using var session = await JobSession.OpenAsync(settings, CliConsole.Info, token);
                var scratch = parse.GetValue(output) is not null && !ArtifactOptions.IsUnder(settings.Artifacts.Root,
                    JobSettings.Bind(MevConfiguration.Build()).Artifacts.Root);
                outcome = await CliConsole.WithProgressAsync(job.Name, progress => JobRunner.RunAsync(job,
                    session.Context("cli", CliConsole.Info, progress) with { Scratch = scratch }, token));
            }
            JobReport.Print(job.Name, outcome);
            if (parse.GetValue(input) is not null) PrintHoldout(outcome.Metrics);
            return outcome.ExitCode;
        }, ct));
        return command;
    }

    private static string Span(TimeSpan t) => t.ToString("c", CultureInfo.InvariantCulture);

    // A fit of a file is for analysis: its holdout scores, raw score against the fitted curve, 6 significant digits.
    private static void PrintHoldout(IReadOnlyDictionary<string, double> m)
    {
        string V(string key) => m.TryGetValue(key, out var v) && double.IsFinite(v)
            ? v.ToString("G6", CultureInfo.InvariantCulture) : "n/a";
        if (!m.ContainsKey(CalibrationMetricNames.HoldoutEceAfter)) return;
        Console.WriteLine($"holdout ({V(CalibrationMetricNames.HoldoutSends)} rows): " +
                          $"ECE {V(CalibrationMetricNames.HoldoutEceBefore)} -> " +
                          $"{V(CalibrationMetricNames.HoldoutEceAfter)}, " +
                          $"log loss {V(CalibrationMetricNames.HoldoutLogLossBefore)} -> " +
                          $"{V(CalibrationMetricNames.HoldoutLogLossAfter)}, " +
                          $"Brier (calibrated) {V(CalibrationMetricNames.HoldoutBrierAfter)}");
    }
}
