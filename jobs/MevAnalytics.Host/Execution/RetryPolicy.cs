using Hangfire;
using Hangfire.Common;
using Polly.Contrib.WaitAndRetry;

namespace MevAnalytics.Host.Execution;

/// <summary>Retry with exponential backoff and jitter: Polly's decorrelated-jitter backoff (the generator of Polly's
/// own exponential retry with jitter), median first delay the base, capped at 6 hours.</summary>
public static class RetryPolicy
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(6);

    /// <summary>Delay before retry <paramref name="attempt"/> (1-based), in whole seconds (what Hangfire takes), at
    /// least 1. Jittered so that runs failing together (a shard down) do not retry together; <paramref name="seed"/>
    /// fixes the draw.</summary>
    public static int DelayInSeconds(long attempt, TimeSpan baseDelay, int? seed = null)
    {
        var n = (int)Math.Clamp(attempt, 1, 64);
        var delay = Backoff.DecorrelatedJitterBackoffV2(baseDelay, n, seed).Last();
        return (int)Math.Clamp(Math.Round(Math.Min(delay.TotalSeconds, MaxDelay.TotalSeconds)), 1,
            MaxDelay.TotalSeconds);
    }

    /// <summary>
    /// The filters of this host: Hangfire's global ones with its retry filter (10 attempts, fixed curve) replaced by
    /// ours, the failure log, plus attributes on job methods. Per host rather than global, so two hosts in a process do
    /// not share it.
    /// </summary>
    public static IJobFilterProvider Filters(int attempts, TimeSpan baseDelay, FailureLogFilter failureLog)
    {
        var global = new JobFilterCollection();
        foreach (var filter in GlobalJobFilters.Filters)
            if (filter.Instance is not AutomaticRetryAttribute) global.Add(filter.Instance, filter.Order);
        global.Add(new AutomaticRetryAttribute
        {
            Attempts = attempts,
            DelayInSecondsByAttemptFunc = attempt => DelayInSeconds(attempt, baseDelay),
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
            LogEvents = false, // FailureLogFilter logs instead, through the host's logging
        });
        global.Add(failureLog, 30);
        global.Add(new GatedStateFilter()); // a gated run ends Gated (with its reason), not Succeeded
        global.Add(new GatedJobList()); // listed on the dashboard's Gated page
        return new JobFilterProviderCollection(global, new JobFilterAttributeFilterProvider());
    }
}
