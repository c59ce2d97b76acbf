using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Cli.Commands;

/// <summary><c>mev run JOB</c>: runs one job once, for cron. Exit 0 published/completed, 2 gated, 1 failed, 4 not
/// available for the configured source.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var job = new Argument<string>("job")
        {
            Description = "Job name: " + string.Join(", ", JobCatalog.All.Select(j => j.Name)),
        };
        var command = new Command("run", "Run one job once (exit 0 published, 2 gated: nothing published, 1 failed, " +
            "4 not available for the configured source: a role it needs is not mapped).") { job };
        command.SetAction((parse, ct) => CommandAction.RunAsync(async token =>
        {
            var target = JobCatalog.Get(parse.GetValue(job)!);
            var settings = JobSettings.Bind(MevConfiguration.Build());
            // A duplicate run is refused before it starts or attaches to an engine (cron: at once, exit 1).
            using var lease = JobLease.TryTake(settings.Artifacts, target.Name, out var refusal);
            if (lease is null)
            {
                JobReport.Print(target.Name, JobOutcome.Failed(refusal));
                return 1;
            }
            await using var session = await JobSession.OpenAsync(settings, CliConsole.Info, token);
            var outcome = await CliConsole.WithProgressAsync(target.Name, progress =>
                JobRunner.RunAsync(target, session.Context("cli", CliConsole.Info, progress), token, lease));
            JobReport.Print(target.Name, outcome);
            return outcome.ExitCode;
        }, ct));
        return command;
    }
}
