using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Security;

namespace MevAnalytics.Host.Tests.Unit;

public sealed class RetryAndOptionsTests
{
    [Fact]
    public void Retry_delays_are_pollys_jittered_backoff_growing_from_the_base_and_capped()
    {
        var baseDelay = TimeSpan.FromSeconds(30);
        // Polly's own sequence for the same seed, element by element (attempt n is the n-th delay of n retries).
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var polly = Polly.Contrib.WaitAndRetry.Backoff.DecorrelatedJitterBackoffV2(baseDelay, attempt, 7).Last();
            Assert.Equal((int)Math.Max(1, Math.Round(polly.TotalSeconds)),
                RetryPolicy.DelayInSeconds(attempt, baseDelay, 7));
        }
        // Jittered: different seeds give different first delays; grows: median delay doubles per attempt.
        var first = Enumerable.Range(0, 200).Select(s => RetryPolicy.DelayInSeconds(1, baseDelay, s)).ToList();
        Assert.True(first.Distinct().Count() > 20, string.Join(",", first.Distinct()));
        double Median(int attempt) => Enumerable.Range(0, 401)
            .Select(s => (double)RetryPolicy.DelayInSeconds(attempt, baseDelay, s)).Order().ElementAt(200);
        Assert.InRange(Median(4) / Median(1), 4.0, 16.0);
        // Capped at 6 h, never below 1 s.
        Assert.Equal(6 * 3600, RetryPolicy.DelayInSeconds(40, TimeSpan.FromMinutes(10), 1));
        Assert.Equal(1, RetryPolicy.DelayInSeconds(1, TimeSpan.FromMilliseconds(10), 1));
    }

    [Fact]
    public void Dashboard_credentials_come_in_pairs_and_are_not_trivially_short()
    {
        Assert.Contains("Dashboard:Password",
            Assert.Throws<ArgumentException>(() => new DashboardAccessOptions { Username = "ops" }.Validate()).Message);
        Assert.Contains("shorter than 12", Assert.Throws<ArgumentException>(
            () => new DashboardAccessOptions { Username = "ops", Password = "short" }.Validate()).Message);
        new DashboardAccessOptions().Validate();
    }

    [Fact]
    public void PostgreSql_storage_needs_a_connection_string()
    {
        var e = Assert.Throws<ArgumentException>(() => new StorageOptions { Provider = "postgresql" }.Validate());
        Assert.Contains("HangfireStorage:PostgreSqlConnectionString", e.Message);
        Assert.Contains("'redis'",
            Assert.Throws<ArgumentException>(() => new StorageOptions { Provider = "redis" }.Validate()).Message);
    }

    [Fact]
    public void Host_options_name_the_bad_setting()
    {
        Assert.Contains("Host:RetryAttempts",
            Assert.Throws<ArgumentException>(() => new JobHostOptions { RetryAttempts = -1 }.Validate()).Message);
        Assert.Contains("Host:WorkerCount",
            Assert.Throws<ArgumentException>(() => new JobHostOptions { WorkerCount = 0 }.Validate()).Message);
        Assert.Equal(["http://127.0.0.1:5080"], new JobHostOptions().UrlList());
    }

    [Theory]
    [InlineData("Basic b3BzOnNlY3JldA==", "ops:secret")]
    [InlineData("basic b3BzOnNlY3JldA==", "ops:secret")]
    [InlineData("Basic !!!", null)]
    [InlineData("Bearer abc", null)]
    [InlineData("", null)]
    public void Basic_header_is_decoded_or_ignored(string header, string? expected) =>
        Assert.Equal(expected, BasicAuthDashboardFilter.Presented(header));
}
