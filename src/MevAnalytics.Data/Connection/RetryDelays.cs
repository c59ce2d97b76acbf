namespace MevAnalytics.Data.Connection;

/// <summary>Exponential backoff with jitter: retry k waits base * 2^(k-1), capped at max, times 0.75..1.25 so that
/// many clients retrying together spread out.</summary>
public static class RetryDelays
{
    /// <summary>The delay before retry number <paramref name="retry"/> (1-based).</summary>
    public static TimeSpan Before(int retry, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var raw = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, retry - 1), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(raw * (0.75 + Random.Shared.NextDouble() / 2));
    }
}
