using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// Logs each failed attempt through the host's logging: a warning when a retry is scheduled, an error when the job
/// stays failed. Runs after the retry filter (Order 20) has decided. Hangfire's own retry messages go through its
/// process-wide log provider, which is easy to lose; these lines do not depend on it.
/// </summary>
public sealed class FailureLogFilter(ILogger log) : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        var job = context.BackgroundJob.Job?.Args.FirstOrDefault() as string
            ?? context.BackgroundJob.Job?.Method.Name ?? "?";
        switch (context.CandidateState)
        {
            case ScheduledState scheduled
                when scheduled.Reason?.StartsWith("Retry attempt", StringComparison.Ordinal) == true:
                log.LogWarning("{Job} (Hangfire job {Id}) failed; {Reason}; next try at {At:HH:mm:ss} UTC",
                    job, context.BackgroundJob.Id, scheduled.Reason, scheduled.EnqueueAt);
                break;
            case FailedState failed:
                log.LogError("{Job} (Hangfire job {Id}) failed and will not be retried: {Error}",
                    job, context.BackgroundJob.Id, failed.Exception.Message);
                break;
        }
    }
}
