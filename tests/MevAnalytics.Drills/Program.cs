using MevAnalytics.Cli.Terminal;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

// mev-drill (--kill-at STAGE | --fail-at STAGE) [--input FILE] [--segments LEVELS]
// The calibrate job as `mev run calibrate` (or `mev calibrate --input FILE`) runs it, configured the same way
// (appsettings.json, MEV_ variables), with the publisher killed (SIGKILL) or failing as a full disk does at STAGE.
var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
Action<LutPublishStage> fault = (options.GetValueOrDefault("--kill-at"), options.GetValueOrDefault("--fail-at")) switch
{
    ({ } kill, null) => stage =>
    {
        if (stage == Enum.Parse<LutPublishStage>(kill)) System.Diagnostics.Process.GetCurrentProcess().Kill();
    }
    ,
    (null, { } fail) => stage =>
    {
        if (stage == Enum.Parse<LutPublishStage>(fail))
            throw new IOException($"No space left on device (disk-full drill at {stage})");
    }
    ,
    _ => throw new ArgumentException("give --kill-at STAGE or --fail-at STAGE"),
};
var overrides = new Dictionary<string, string?>();
if (options.GetValueOrDefault("--input") is { } input) overrides["Calibration:Input"] = Path.GetFullPath(input);
if (options.GetValueOrDefault("--segments") is { } segments) overrides["Calibration:Segments"] = segments;
return await CommandAction.RunAsync(async ct =>
{
    var settings = JobSettings.Bind(MevConfiguration.Build(overrides));
    var job = JobCatalog.Get(CalibrationJob.JobName);
    JobOutcome outcome;
    if (settings.Calibration.Input is not null)
    {
        outcome = await JobRunner.RunAsync(job, new JobContext(null, settings, "cli", DateTime.UtcNow,
            Console.Error.WriteLine, _ => { })
        { PublishFaults = fault }, ct);
    }
    else
    {
        await using var session = await JobSession.OpenAsync(settings, Console.Error.WriteLine, ct);
        outcome = await JobRunner.RunAsync(job, session.Context("cli", Console.Error.WriteLine) with
        {
            PublishFaults = fault,
        }, ct);
    }
    JobReport.Print(job.Name, outcome);
    return outcome.ExitCode;
}, CancellationToken.None);
