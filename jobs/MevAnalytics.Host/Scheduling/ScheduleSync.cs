using Hangfire;
using Hangfire.Storage;
using MevAnalytics.Host.Execution;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host.Scheduling;

/// <summary>Makes the stored recurring jobs match the configured schedule (run once at start).</summary>
public static class ScheduleSync
{
    public static SchedulePlan Apply(JobStorage storage, IRecurringJobManager manager, JobSchedule schedule,
        HostedJobs jobs, ILogger log)
    {
        List<string> existing;
        using (var connection = storage.GetConnection())
            existing = connection.GetRecurringJobs().Select(r => r.Id).ToList();
        var plan = SchedulePlan.Create(schedule.Cron, jobs.Names, existing);
        foreach (var job in plan.Unknown)
            log.LogWarning("Schedule:{Job} is configured but no such job exists yet; not scheduled", job);
        foreach (var job in jobs.Names.Where(n => plan.Upserts.All(u => u.Key != n)))
            log.LogInformation("job {Job} exists but is not in Schedule: not scheduled (mev run {Job} still works)",
                job, job);
        foreach (var id in plan.Removals)
        {
            manager.RemoveIfExists(id);
            log.LogInformation("removed recurring job {Job} (no longer configured)", id);
        }
        foreach (var (job, cron) in plan.Upserts)
        {
            manager.AddOrUpdate<HangfireJobEntry>(job, entry => entry.RunAsync(job, CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            log.LogInformation("scheduled {Job} at '{Cron}' (UTC)", job, cron);
        }
        return plan;
    }
}
