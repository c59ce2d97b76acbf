using Hangfire;
using Hangfire.Common;

namespace MevAnalytics.Host.Execution;

/// <summary>Retry with exponential backoff: base, 2 x base, 4 x base, ... capped at 6 hours.</summary>
public static class RetryPolicy
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(6);

    /// <summary>Delay before each retry, in whole seconds (what Hangfire takes).</summary>
    public static int[] DelaysInSeconds(int attempts, TimeSpan baseDelay)
    {
        var delays = new int[attempts];
        for (var i = 0; i < attempts; i++)
            delays[i] = (int)Math.Min(MaxDelay.TotalSeconds, Math.Round(baseDelay.TotalSeconds * Math.Pow(2, i)));
        return delays;
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
            DelaysInSeconds = attempts == 0 ? [1] : DelaysInSeconds(attempts, baseDelay),
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
            LogEvents = false, // FailureLogFilter logs instead, through the host's logging
        });
        global.Add(failureLog, 30);
        global.Add(new GatedStateFilter()); // a gated run ends Gated (with its reason), not Succeeded
        return new JobFilterProviderCollection(global, new JobFilterAttributeFilterProvider());
    }
}
