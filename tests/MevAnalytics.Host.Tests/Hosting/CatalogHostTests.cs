using Hangfire.Storage;
using MevAnalytics.Cli;
using MevAnalytics.Data.Connection;
using MevAnalytics.Host.Scheduling;
using MevAnalytics.Host.Tests.Support;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>The host with the real job catalog and default schedule, and <c>mev serve</c>'s wiring.</summary>
[Collection(HostCollection.Name)]
public sealed class CatalogHostTests(HostEnvironment env)
{
    [Fact]
    public async Task Default_schedule_covers_every_catalog_job_it_names_and_a_real_job_runs_through_hangfire()
    {
        var settings = env.Settings("catalog"); // no Schedule section: the defaults
        await using var host = await MevHost.CreateAsync(HostEnvironment.Configuration(settings),
            logging: HostEnvironment.QuietLogging);
        await host.StartAsync();

        List<string> ids;
        using (var connection = host.Storage.GetConnection())
            ids = connection.GetRecurringJobs().Select(r => r.Id).Order().ToList();
        var expected = JobCatalog.All.Select(j => j.Name).Where(JobSchedule.Defaults.ContainsKey).Order().ToList();
        Assert.Equal(expected, ids);

        var details = await HangfireProbe.FinalStateAsync(host, HangfireProbe.Trigger(host, "retention"),
            TimeSpan.FromSeconds(60));
        var status = await env.Db.ScalarAsync<string>(
            "SELECT argMax(status, started_at) FROM job_runs WHERE job = 'retention' AND trigger = 'hangfire'",
            new QueryParameters());
        // Hangfire's verdict and the job_runs row agree: Succeeded exactly when the run did not fail.
        Assert.Equal(status != "failed", details.History[0].StateName == "Succeeded");
        await host.StopAsync();
    }

    [Fact]
    public async Task Mev_serve_on_a_public_address_without_credentials_exits_1_with_the_reason()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = await MevCli.Build().Parse(["serve", "--urls", "http://0.0.0.0:5999"]).InvokeAsync();
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(1, exit);
        Assert.Contains("refusing to start", error.ToString());
        Assert.Contains("Dashboard:Password", error.ToString());
    }
}
