using Polly;
using Polly.Retry;

namespace MevAnalytics.Data.Connection;

/// <summary>
/// The one retry policy for ClickHouse statements, as a Polly <see cref="ResiliencePipeline"/>: transient failures
/// only (<see cref="TransientFailure"/>), at most <see cref="ClickHouseOptions.MaxAttempts"/> attempts, waiting by
/// Polly's exponential backoff with jitter from <see cref="ClickHouseOptions.BaseDelay"/>, each delay capped at
/// <see cref="ClickHouseOptions.MaxDelay"/>, so that many clients retrying together spread out.
/// </summary>
public static class ClickHouseRetry
{
    /// <summary>The pipeline for <paramref name="options"/> (validated by the caller).</summary>
    public static ResiliencePipeline Pipeline(ClickHouseOptions options) =>
        options.MaxAttempts <= 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(Strategy(options)).Build();

    /// <summary>The retry strategy of <paramref name="options"/>.</summary>
    public static RetryStrategyOptions Strategy(ClickHouseOptions options) => new()
    {
        ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Exception is { } e && TransientFailure.IsTransient(e, args.Context.CancellationToken)),
        MaxRetryAttempts = options.MaxAttempts - 1,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.BaseDelay,
        MaxDelay = options.MaxDelay,
    };
}
