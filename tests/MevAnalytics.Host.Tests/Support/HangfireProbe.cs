using Hangfire;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace MevAnalytics.Host.Tests.Support;

/// <summary>Triggers recurring jobs and reads their outcome through Hangfire's own client and monitoring API.</summary>
public static class HangfireProbe
{
    /// <summary>"Trigger now", as the dashboard button does; returns the background job id.</summary>
    public static string Trigger(JobHostApp host, string recurringJobId) =>
        ((IRecurringJobManagerV2)host.Services.GetRequiredService<IRecurringJobManager>()).TriggerJob(recurringJobId);

    /// <summary>Waits until the job reaches one of the final states and returns its details.</summary>
    public static Task<JobDetailsDto> FinalStateAsync(JobHostApp host, string jobId, TimeSpan timeout) =>
        Poll.UntilAsync(() =>
        {
            var details = host.Storage.GetMonitoringApi().JobDetails(jobId);
            var state = details?.History.FirstOrDefault()?.StateName;
            return Task.FromResult(state is "Succeeded" or "Failed" or "Deleted" ? details : null);
        }, timeout, $"job {jobId} never reached a final state");
}
