using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev demo</c>: on a fresh machine, engine + schema + a week of simulated history + every job.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var days = CliOptions.Positive("--days", "Days of history to simulate.", 7.0);
        var rate = CliOptions.Positive("--sends-per-second", "Simulated sends per second.", 10.0);
        var seed = new Option<ulong>("--seed") { Description = "Simulation seed.", DefaultValueFactory = _ => 42UL };
        var command = new Command("demo",
            "Start the embedded engine, migrate, simulate a week of history and run every job.") { days, rate, seed };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var configured = MevConfiguration.Build();
            var overrides = new Dictionary<string, string?>();
            var reportWindow = $"{ReportOptions.SectionName}:{nameof(ReportOptions.Window)}";
            if (configured[reportWindow] is null)
            {
                // The simulated history is all there is: the report compares its second half with its first half.
                var half = TimeSpan.FromDays(parse.GetValue(days) / 2);
                overrides[reportWindow] = half.ToString("c");
                CliConsole.Info($"report window {half.TotalDays:0.#} days: the second half of the simulated history " +
                                "against the first");
            }
            // The demo's data is simulated: the calibration reports its distance from the true curves.
            var truthPath = JobSettings.Bind(configured).Artifacts.SimulationTruth;
            var groundTruth = $"{CalibrationOptions.SectionName}:{nameof(CalibrationOptions.GroundTruth)}";
            if (configured[groundTruth] is null) overrides[groundTruth] = truthPath;
            await using var session = await JobSession.OpenAsync(MevConfiguration.Build(overrides), CliConsole.Info,
                token);
            var options = new SimulationOptions
            {
                Days = parse.GetValue(days),
                SendsPerSecond = parse.GetValue(rate),
                Seed = parse.GetValue(seed),
            };
            options.Validate();
            var parquetDir = Path.Combine(session.Artifacts.Root, "simulation", "parquet");
            var sim = await CliConsole.WithProgressAsync("simulate", progress =>
                SimulationRun.RunAsync(session.Store, options,
                    new SimulationRun.Outputs(truthPath, parquetDir, ReplaceExisting: true),
                    DateTime.UtcNow, progress, CliConsole.Info, token));
            Console.WriteLine($"simulated {sim.Load.LandingRows:N0} sends and " +
                              $"{sim.Load.LatencyRows:N0} latency probes " +
                              $"({sim.Load.Truth.Start:yyyy-MM-dd HH:mm} .. " +
                              $"{sim.Load.Truth.End:yyyy-MM-dd HH:mm} UTC)");
            Console.WriteLine($"  {Path.GetFullPath(truthPath)}");
            Console.WriteLine($"  {Path.GetFullPath(parquetDir)}");

            var worst = 0;
            string? report = null;
            foreach (var job in JobCatalog.All)
            {
                var outcome = await CliConsole.WithProgressAsync(job.Name, progress =>
                    JobRunner.RunAsync(job, session.Context("demo", CliConsole.Info, progress), token));
                JobReport.Print(job.Name, outcome);
                if (outcome.Status == JobStatus.Failed) worst = 1;
                if (outcome.Outputs.FirstOrDefault(o => o.EndsWith(".html", StringComparison.Ordinal)) is { } html)
                    report = Path.GetFullPath(html);
            }
            Console.WriteLine($"demo finished in {clock.Elapsed.TotalSeconds:0} s; " +
                              $"ClickHouse {session.Store.Db.Endpoint}, " +
                              $"artifacts in {Path.GetFullPath(session.Artifacts.Root)}");
            if (report is not null) Console.WriteLine($"report: {report}");
            return worst;
        }, ct));
        return command;
    }
}
