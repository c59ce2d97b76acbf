using MevAnalytics.Host.Tests.Support;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>Failed attempts and Hangfire's own lines reach the host's logging, also in a process whose first host
/// this is.</summary>
[Collection(HostCollection.Name)]
public sealed class LoggingTests(HostEnvironment env)
{
    [Fact]
    public async Task Failed_attempts_and_hangfire_lines_are_logged_through_the_host_logging()
    {
        // As in a fresh process: no provider yet, so the host must set it before it builds Hangfire objects.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        var settings = env.Settings("logging", ("broken", "0 0 1 1 *"));
        settings["Host:RetryAttempts"] = "1";
        var logs = new LogCapture();
        await using var host = await env.StartHostAsync(settings, logs.Attach,
            ScriptedJob.Returning("broken", JobStatus.Failed));

        var details = await HangfireProbe.FinalStateAsync(host, HangfireProbe.Trigger(host, "broken"),
            TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.Equal("Failed", details.History[0].StateName);
        Assert.Contains(logs.Lines, l => l.StartsWith("MevAnalytics.Host.Jobs: broken", StringComparison.Ordinal)
            && l.Contains("Retry attempt 1 of 1") && l.Contains("broken says Failed"));
        Assert.Contains(logs.Lines, l => l.StartsWith("MevAnalytics.Host.Jobs: broken", StringComparison.Ordinal)
            && l.Contains("will not be retried") && l.Contains("broken says Failed"));
        Assert.Contains(logs.Lines, l => l.StartsWith("Hangfire.Storage.SQLite", StringComparison.Ordinal)
            || l.StartsWith("Hangfire.BackgroundJobServer", StringComparison.Ordinal));
    }
}
