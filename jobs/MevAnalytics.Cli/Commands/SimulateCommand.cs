using System.CommandLine;
using System.Globalization;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev simulate</c>: writes synthetic history with ground truth into ClickHouse (and optionally
/// Parquet).</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var days = CliOptions.Positive("--days", "Days of history.", 7.0);
        var rate = CliOptions.Positive("--sends-per-second", "Mean sends per second.", 20.0);
        var seed = new Option<ulong>("--seed")
        {
            Description = "Random seed; same seed and window, same rows.",
            DefaultValueFactory = _ => 1UL,
        };
        var end = new Option<string?>("--end")
        {
            Description = "End of the history, UTC ISO-8601 (default: the current hour).",
        };
        var probe = CliOptions.Positive("--probe-interval-ms", "Latency probe interval per endpoint.", 5000);
        var parquet = new Option<string?>("--parquet")
        {
            Description = "Also write the history as Parquet files into this folder.",
        };
        var truth = new Option<string?>("--truth")
        {
            Description = "Where to write the ground truth JSON (default: <artifacts>/simulation/ground-truth.json).",
        };
        var append = new Option<bool>("--append") { Description = "Keep existing history instead of replacing it." };
        var command = new Command("simulate",
            "Write realistic synthetic landing and latency history, with its ground truth.")
        {
            days, rate, seed, end, probe, parquet, truth, append,
        };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var options = new SimulationOptions
            {
                Days = parse.GetValue(days),
                SendsPerSecond = parse.GetValue(rate),
                Seed = parse.GetValue(seed),
                End = ParseEnd(parse.GetValue(end)),
                ProbeInterval = TimeSpan.FromMilliseconds(parse.GetValue(probe)),
            };
            options.Validate();
            var settings = JobSettings.Bind(MevConfiguration.Build());
            await using var store = await AnalyticsStore.OpenAsync(settings, CliConsole.Info, token);
            var truthPath = parse.GetValue(truth) ?? settings.Artifacts.SimulationTruth;
            var result = await CliConsole.WithProgressAsync("simulate", progress =>
                SimulationRun.RunAsync(store, options,
                    new SimulationRun.Outputs(truthPath, parse.GetValue(parquet), !parse.GetValue(append)),
                    DateTime.UtcNow, progress, CliConsole.Info, token));
            Console.WriteLine($"landing_events: {result.Load.LandingRows} rows; " +
                              $"latency_samples: {result.Load.LatencyRows} rows; " +
                              $"{result.Load.Elapsed.TotalSeconds:0.0} s " +
                              $"({result.Load.LandingRows / result.Load.Elapsed.TotalSeconds:0} landing rows/s)");
            Console.WriteLine($"window: {result.Load.Truth.Start:O} .. {result.Load.Truth.End:O}; " +
                              $"ground truth: {Path.GetFullPath(truthPath)}");
            if (parse.GetValue(parquet) is { } dir) Console.WriteLine($"parquet: {Path.GetFullPath(dir)}");
            return 0;
        }, ct));
        return command;
    }

    private static DateTime? ParseEnd(string? text)
    {
        if (text is null) return null;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            throw new ArgumentException($"--end '{text}' is not an ISO-8601 time.");
        return DateTime.SpecifyKind(t, DateTimeKind.Utc);
    }
}
