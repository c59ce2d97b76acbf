using System.Diagnostics;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// Runs a job the same way for every caller: holds the job's no-overlap lock (<see cref="JobLease"/>), records
/// versions a killed run published but could not record, runs the job, turns exceptions into a failed outcome, and
/// records the run in <c>job_runs</c>.
/// </summary>
public static class JobRunner
{
    /// <summary>Runs <paramref name="job"/>; never throws for a job failure (the outcome says Failed), only for
    /// cancellation. <paramref name="lease"/>, when the caller took it already (<see cref="JobLease.TryTake"/>), is
    /// used and released; otherwise the runner takes the job's lease.</summary>
    public static async Task<JobOutcome> RunAsync(IAnalyticsJob job, JobContext context, CancellationToken ct,
        JobLease? lease = null)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        JobOutcome outcome;
        try
        {
            if (lease is not null && lease.Job != job.Name)
                throw new ArgumentException($"the lease of job {lease.Job} was given to a run of {job.Name}");
            var refusal = "";
            lease ??= JobLease.TryTake(context.Artifacts, job.Name, out refusal);
            if (lease is null)
            {
                outcome = JobOutcome.Failed(refusal);
            }
            else
            {
                if (Recorded(context)) await PublishedRunRecovery.RecordMissingAsync(context, ct);
                outcome = await job.RunAsync(context, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            outcome = JobOutcome.Failed(ErrorText.Of(e));
        }
        finally
        {
            lease?.Dispose();
        }
        if (Recorded(context))
            await JobRunRecord.WriteAsync(context, job.Name, context.RunId, context.Trigger, started, clock.Elapsed,
                outcome, RunParameters.For(job, context), ct);
        else
            context.Log($"{job.Name}: {(context.Store is null ? "offline" : "scratch")} run, not recorded in job_runs");
        return outcome;
    }

    private static bool Recorded(JobContext context) => context.Store is not null && !context.Scratch;
}
