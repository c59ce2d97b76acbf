using System.Net.Sockets;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Integration.Tests.Engine;

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

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(5, 3200)]
    [InlineData(6, 5000)] // 6,400 capped at MaxDelay
    public void Delays_double_from_the_base_up_to_the_cap_with_25pct_jitter(int retry, double expectedMs)
    {
        var o = new ClickHouseOptions();
        double Ms(double unit) => ClickHouseRetry.Delay(retry, o.BaseDelay, o.MaxDelay, unit).TotalMilliseconds;
        Assert.Equal(0.75 * expectedMs, Ms(0), 1e-6);
        Assert.Equal(1.25 * expectedMs, Ms(1), 1e-6);
    }
}
