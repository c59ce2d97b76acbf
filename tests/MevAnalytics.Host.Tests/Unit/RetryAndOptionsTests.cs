using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Security;

namespace MevAnalytics.Host.Tests.Unit;

public sealed class RetryAndOptionsTests
{
    [Fact]
    public void Retry_delays_double_from_the_base_and_are_capped()
    {
        Assert.Equal([30, 60, 120, 240], RetryPolicy.DelaysInSeconds(4, TimeSpan.FromSeconds(30)));
        var capped = RetryPolicy.DelaysInSeconds(20, TimeSpan.FromMinutes(10));
        Assert.Equal(6 * 3600, capped.Max());
        Assert.Equal(600 * 32, capped[5]);
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
