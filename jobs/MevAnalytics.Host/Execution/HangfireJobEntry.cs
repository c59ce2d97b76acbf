using Hangfire;
using MevAnalytics.Host.Health;
using MevAnalytics.Jobs.Running;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// What Hangfire invokes: one job through <see cref="JobRunner"/> (the CLI's code path: file lock, <c>job_runs</c>
/// row), trigger <c>hangfire</c>. Failed becomes an exception so the retry filter reschedules it; any other outcome is
/// the job's result, a <see cref="HangfireRunResult"/>: Gated is a success here (nothing is wrong, the gate kept the
/// current table) shown as <see cref="GatedState"/> with its reason, and so is Unavailable (the source lacks a role
/// the job needs).
/// </summary>
public sealed class HangfireJobEntry(JobSessionHolder session, HostedJobs jobs, HostStatusRefresher status,
    ILogger<HangfireJobEntry> log)
{
    /// <summary>Seconds a second run of the same job waits for the distributed lock before failing (and retrying
    /// later).</summary>
    public const int LockTimeoutSeconds = 10;

    /// <summary>Runs <paramref name="job"/>; <paramref name="ct"/> is Hangfire's, cancelled on shutdown or
    /// delete.</summary>
    [DisableConcurrentExecution("mev-job:{0}", LockTimeoutSeconds)]
    [JobDisplayName("{0}")]
    public async Task<HangfireRunResult> RunAsync(string job, CancellationToken ct)
    {
        var target = jobs.Get(job);
        var context = (await session.GetAsync(ct)).Context("hangfire",
            line => log.LogInformation("{Job}: {Line}", target.Name, line));
        var outcome = await JobRunner.RunAsync(target, context, ct);
        status.RequestRefresh(); // /healthz and /metrics show the run's table and row soon, not at the next tick
        if (outcome.Status == JobStatus.Failed) throw new JobFailedException(target.Name, outcome.Summary);
        log.LogInformation("{Job}: {Status}: {Summary}", target.Name, outcome.Status, outcome.Summary);
        return HangfireRunResult.Of(outcome);
    }
}
