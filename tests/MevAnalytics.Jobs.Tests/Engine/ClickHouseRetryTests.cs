using System.Net.Sockets;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Tests.Engine;

/// <summary>The retry pipeline on its own (no engine): what it retries, how often, and how long it waits.</summary>
public sealed class ClickHouseRetryTests
{
    private static readonly ClickHouseOptions Fast = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(4),
    };

    [Fact]
    public async Task Transient_failures_are_retried_until_an_attempt_succeeds()
    {
        var calls = 0;
        var result = await ClickHouseRetry.Pipeline(Fast).ExecuteAsync(_ =>
            ++calls < 3 ? throw new SocketException((int)SocketError.ConnectionRefused) : ValueTask.FromResult(42));
        Assert.Equal(42, result);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_transient_failure_that_persists_is_rethrown_after_max_attempts()
    {
        var calls = 0;
        await Assert.ThrowsAsync<SocketException>(async () => await ClickHouseRetry.Pipeline(Fast)
            .ExecuteAsync<int>(_ => { calls++; throw new SocketException((int)SocketError.ConnectionReset); }));
        Assert.Equal(Fast.MaxAttempts, calls);
    }

    [Fact]
    public async Task Other_failures_and_cancellation_are_not_retried()
    {
        var calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await ClickHouseRetry.Pipeline(Fast)
            .ExecuteAsync<int>(_ => { calls++; throw new InvalidOperationException("bad query"); }));
        Assert.Equal(1, calls);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        calls = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ClickHouseRetry.Pipeline(Fast)
            .ExecuteAsync<int>(ct => { calls++; ct.ThrowIfCancellationRequested(); return ValueTask.FromResult(0); },
                cancelled.Token));
        Assert.True(calls <= 1, $"{calls} attempts after cancellation");
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        var calls = 0;
        var once = ClickHouseRetry.Pipeline(new ClickHouseOptions { MaxAttempts = 1 });
        await Assert.ThrowsAsync<SocketException>(async () => await once
            .ExecuteAsync<int>(_ => { calls++; throw new SocketException((int)SocketError.ConnectionRefused); }));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Retries_back_off_exponentially_with_jitter_from_the_configured_delays()
    {
        var o = new ClickHouseOptions
        {
            MaxAttempts = 7,
            BaseDelay = TimeSpan.FromMilliseconds(150),
            MaxDelay = TimeSpan.FromSeconds(3)
        };
        var strategy = ClickHouseRetry.Strategy(o);
        Assert.Equal(6, strategy.MaxRetryAttempts);
        Assert.Equal(Polly.DelayBackoffType.Exponential, strategy.BackoffType);
        Assert.True(strategy.UseJitter);
        Assert.Equal(o.BaseDelay, strategy.Delay);
        Assert.Equal(o.MaxDelay, strategy.MaxDelay);
    }
}
