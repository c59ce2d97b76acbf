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

    /// <summary>Waits until the job's current state is final (Succeeded, Gated, Unavailable, Failed, Deleted) on
    /// two polls in a row (a failed attempt passes through Failed on its way to a retry), and returns its
    /// details.</summary>
    public static async Task<JobDetailsDto> FinalStateAsync(JobHostApp host, string jobId, TimeSpan timeout)
    {
        string? State()
        {
            using var connection = host.Storage.GetConnection();
            return connection.GetStateData(jobId)?.Name;
        }
        string? previous = null;
        await Poll.UntilAsync(() =>
        {
            var state = State();
            var stable = state is "Succeeded" or "Gated" or "Unavailable" or "Failed" or "Deleted" && state == previous;
            previous = state;
            return stable;
        }, timeout, $"job {jobId} never reached a final state");
        return host.Storage.GetMonitoringApi().JobDetails(jobId);
    }
}
