using Polly;
using Polly.Retry;

namespace MevAnalytics.Data.Connection;

/// <summary>
/// The one retry policy for ClickHouse statements, as a Polly <see cref="ResiliencePipeline"/>: transient failures
/// only (<see cref="TransientFailure"/>), at most <see cref="ClickHouseOptions.MaxAttempts"/> attempts, retry k waiting
/// <see cref="ClickHouseOptions.BaseDelay"/> x 2^(k-1), capped at <see cref="ClickHouseOptions.MaxDelay"/>, times
/// 0.75..1.25 so that many clients retrying together spread out.
/// </summary>
public static class ClickHouseRetry
{
    /// <summary>The pipeline for <paramref name="options"/> (validated by the caller).</summary>
    public static ResiliencePipeline Pipeline(ClickHouseOptions options)
    {
        if (options.MaxAttempts <= 1) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e && TransientFailure.IsTransient(e, args.Context.CancellationToken)),
            MaxRetryAttempts = options.MaxAttempts - 1,
            // AttemptNumber is 0 for the first retry.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                Delay(args.AttemptNumber + 1, options.BaseDelay, options.MaxDelay, Random.Shared.NextDouble())),
        }).Build();
    }

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based) for a uniform
    /// <paramref name="unit"/> in [0, 1).</summary>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double unit)
    {
        var raw = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, retry - 1), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(raw * (0.75 + unit / 2));
    }
}
