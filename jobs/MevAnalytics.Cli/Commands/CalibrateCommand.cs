using System.CommandLine;
using System.Globalization;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Data.Configuration;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Cli.Commands;

/// <summary>
/// <c>mev calibrate</c>: the <c>calibrate</c> job (same code as <c>mev run calibrate</c>) with its options overridden from
/// the command line. Exit 0 published, 2 gated (current table kept), 1 failed.
/// </summary>
public static class CalibrateCommand
{
    public static Command Create()
    {
        var window = new Option<string?>("--window") { Description = "Window length ending now, e.g. 7d (default Calibration:Window, 7d)." };
        var halfLife = new Option<string?>("--half-life") { Description = "Half-life of time-decay weights, e.g. 24h (default: none)." };
        var segments = new Option<string?>("--segments") { Description = "Segment levels below global: '', 'route' or 'route,arm' (default)." };
        var mode = new Option<string?>("--mode") { Description = "pushdown (default) or exact." };
        mode.AcceptOnlyFromAmong("pushdown", "exact");
        var input = new Option<string?>("--input") { Description = "Fit an offline CSV/Parquet file (or a snapshot) instead of ClickHouse." };
        var output = new Option<string?>("--out") { Description = "Artifact root to publish under (default Artifacts:Root)." };
        var skip = new Option<bool>("--skip-bad-rows") { Description = "Skip and count bad rows instead of failing." };
        var command = new Command("calibrate", "Fit, evaluate, gate and publish the calibration LUT (exit 0 published, 2 gated, 1 failed).")
        {
            window, halfLife, segments, mode, input, output, skip,
        };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var overrides = new Dictionary<string, string?>();
            const string s = CalibrationOptions.SectionName;
            if (parse.GetValue(window) is { } w) overrides[$"{s}:Window"] = Span(DurationText.Parse(w, "--window"));
            if (parse.GetValue(halfLife) is { } h) overrides[$"{s}:HalfLife"] = Span(DurationText.Parse(h, "--half-life"));
            if (parse.GetValue(segments) is { } seg) overrides[$"{s}:Segments"] = seg;
            if (parse.GetValue(mode) is { } m) overrides[$"{s}:Mode"] = m == "exact" ? nameof(CalibrationMode.Exact) : nameof(CalibrationMode.PushDown);
            if (parse.GetValue(input) is { } i) overrides[$"{s}:Input"] = Path.GetFullPath(i);
            if (parse.GetValue(skip)) overrides[$"{s}:SkipBadRows"] = "true";
            if (parse.GetValue(output) is { } o) overrides[$"{ArtifactOptions.SectionName}:Root"] = Path.GetFullPath(o);

            var job = JobCatalog.Get("calibrate");
            var configuration = MevConfiguration.Build(overrides);
            OptionsCheck.ValidateAll(configuration);
            var artifacts = SectionOptions.Get<ArtifactOptions>(configuration);
            JobOutcome outcome;
            if (parse.GetValue(input) is not null)
            {
                // A fit of a file needs no ClickHouse: no engine is started and the run is not recorded.
                outcome = await CliConsole.WithProgressAsync(job.Name, progress => JobRunner.RunAsync(job,
                    new JobContext(null, configuration, artifacts, "cli", DateTime.UtcNow, CliConsole.Info, progress),
                    token));
            }
            else
            {
                await using var session = await JobSession.OpenAsync(configuration, CliConsole.Info, token);
                var scratch = parse.GetValue(output) is not null && !ArtifactOptions.IsUnder(artifacts.Root,
                    SectionOptions.Get<ArtifactOptions>(MevConfiguration.Build()).Root);
                outcome = await CliConsole.WithProgressAsync(job.Name, progress => JobRunner.RunAsync(job,
                    session.Context("cli", CliConsole.Info, progress) with { Scratch = scratch }, token));
            }
            JobReport.Print(job.Name, outcome);
            return outcome.ExitCode;
        }, ct));
        return command;
    }

    /// <summary>
    /// <c>mev bench calibrate</c>: exact fits at 1 M and 10 M rows beside scikit-learn and ML.NET (ratios, equal output),
    /// or with <c>--pushdown-rows N</c> the push-down job on N rows against the engine's own scan.
    /// </summary>
    public static Command CreateBench()
    {
        var rows = new Option<string>("--rows") { Description = "Comma-separated row counts of the exact fits.", DefaultValueFactory = _ => "1000000,10000000" };
        var noPeers = new Option<bool>("--no-peers") { Description = "Time only our fit (skip scikit-learn and ML.NET)." };
        var pushdown = new Option<long?>("--pushdown-rows") { Description = "Instead: push-down job vs engine scan on this many synthetic rows." };
        var command = new Command("calibrate", "Exact isotonic fit vs scikit-learn and ML.NET, or push-down job vs engine scan.") { rows, noPeers, pushdown };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            if (parse.GetValue(pushdown) is { } n)
            {
                if (n < 1) throw new ArgumentException($"--pushdown-rows must be positive (got {n}).");
                await using var store = await AnalyticsStore.OpenAsync(MevConfiguration.Build(), CliConsole.Info, token);
                var connection = store.Engine?.ConnectionString() ?? store.Options.ConnectionString!;
                var result = await MevAnalytics.Bench.Calibration.PushDownBenchRun.RunAsync(connection, n, CliConsole.Info, token);
                foreach (var line in result.Lines()) Console.WriteLine(line);
                return 0;
            }
            var sizes = parse.GetValue(rows)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                    ? v : throw new ArgumentException($"--rows '{s}' is not a positive integer.")).ToArray();
            var script = FindScript("scripts/sklearn/isotonic_bench.py");
            var lines = await MevAnalytics.Bench.Calibration.IsotonicBenchRun.RunAsync(sizes, script, !parse.GetValue(noPeers), CliConsole.Info, token);
            foreach (var line in MevAnalytics.Bench.Calibration.IsotonicBenchRun.Format(lines)) Console.WriteLine(line);
            return 0;
        }, ct));
        return command;
    }

    // The script lives in the repository; look upwards from the working directory and from the program.
    private static string FindScript(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        return relative;
    }

    private static string Span(TimeSpan t) => t.ToString("c", CultureInfo.InvariantCulture);
}
