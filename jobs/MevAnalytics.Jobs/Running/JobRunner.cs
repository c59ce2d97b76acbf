using System.Diagnostics;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Engine;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// Runs a job the same way for every caller: takes the job's no-overlap lock (a file lock under the artifact root, so
/// the CLI and any host on this machine exclude each other), records versions a killed run published but could not
/// record, runs the job, turns exceptions into a failed outcome, and records the run in <c>job_runs</c>.
/// </summary>
public static class JobRunner
{
    /// <summary>Runs <paramref name="job"/>; never throws for a job failure (the outcome says Failed), only for
    /// cancellation.</summary>
    public static async Task<JobOutcome> RunAsync(IAnalyticsJob job, JobContext context, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        JobOutcome outcome;
        var lockPath = context.Artifacts.LockPath(job.Name);
        using (var gate = FileGate.TryAcquire(lockPath))
        {
            if (gate is null)
            {
                outcome = Failed($"job {job.Name} is already running (lock {lockPath} is held)");
            }
            else
            {
                try
                {
                    if (Recorded(context)) await PublishedRunRecovery.RecordMissingAsync(context, ct);
                    outcome = await job.RunAsync(context, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    outcome = Failed(e.Message);
                }
            }
        }
        if (Recorded(context))
            await JobRunRecord.WriteAsync(context, job.Name, context.RunId, context.Trigger, started, clock.Elapsed,
                outcome, ct);
        else
            context.Log($"{job.Name}: {(context.Store is null ? "offline" : "scratch")} run, not recorded in job_runs");
        return outcome;
    }

    private static bool Recorded(JobContext context) => context.Store is not null && !context.Scratch;

    private static JobOutcome Failed(string error) =>
        new(JobStatus.Failed, error, 0, null, new Dictionary<string, double>(), []);
}
