using Hangfire;
using MevAnalytics.Jobs.Running;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// What Hangfire invokes: one job through <see cref="JobRunner"/> (the CLI's code path: file lock, <c>job_runs</c> row),
/// trigger <c>hangfire</c>. Failed becomes an exception so the retry filter reschedules it; Gated is a success here
/// (nothing is wrong, the gate kept the current table) shown as
/// <see cref="GatedState"/> with its reason, and so is Unavailable (the source lacks a role the job needs).
/// </summary>
public sealed class HangfireJobEntry(JobSessionHolder session, HostedJobs jobs, ILogger<HangfireJobEntry> log)
{
    /// <summary>Seconds a second run of the same job waits for the distributed lock before failing (and retrying later).</summary>
    public const int LockTimeoutSeconds = 10;

    /// <summary>Start of the result of a gated run; <see cref="GatedStateFilter"/> turns it into the Gated state.</summary>
    public const string GatedPrefix = "gated: ";

    /// <summary>Start of the result of a run the configured source cannot serve (<see cref="JobStatus.Unavailable"/>);
    /// <see cref="GatedStateFilter"/> turns it into the Unavailable state.</summary>
    public const string UnavailablePrefix = "unavailable: ";

    /// <summary>Runs <paramref name="job"/>; <paramref name="ct"/> is Hangfire's, cancelled on shutdown or delete.</summary>
    [DisableConcurrentExecution("mev-job:{0}", LockTimeoutSeconds)]
    [JobDisplayName("{0}")]
    public async Task<string> RunAsync(string job, CancellationToken ct)
    {
        var target = jobs.Get(job);
        var context = (await session.GetAsync(ct)).Context("hangfire", line => log.LogInformation("{Job}: {Line}", target.Name, line));
        var outcome = await JobRunner.RunAsync(target, context, ct);
        if (outcome.Status == JobStatus.Failed) throw new JobFailedException(target.Name, outcome.Summary);
        log.LogInformation("{Job}: {Status}: {Summary}", target.Name, outcome.Status, outcome.Summary);
        return $"{outcome.Status.ToString().ToLowerInvariant()}: {outcome.Summary}";
    }
}
