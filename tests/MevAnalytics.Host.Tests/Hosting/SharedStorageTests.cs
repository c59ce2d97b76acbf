using Hangfire;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Tests.Support;
using MevAnalytics.Jobs.Running;
using Microsoft.Extensions.DependencyInjection;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>Two hosts on one PostgreSQL storage: each recurring tick runs once, and one job never runs twice at
/// once.</summary>
[Collection(HostCollection.Name)]
public sealed class SharedStorageTests(HostEnvironment env, PostgresCluster postgres) : IClassFixture<PostgresCluster>
{
    // The connection string carries a password the trust-auth server ignores: it must still never reach a log line.
    private const string PgPassword = "pg-secret-4711";

    private Dictionary<string, string?> Settings(string name, params (string Job, string Cron)[] schedule)
    {
        var settings = env.Settings(name, schedule);
        settings["HangfireStorage:Provider"] = "postgresql";
        settings["HangfireStorage:PostgreSqlConnectionString"] = postgres.ConnectionString + ";Password=" + PgPassword;
        return settings;
    }

    [Fact]
    public async Task Two_hosts_run_a_recurring_job_once_per_tick()
    {
        // Each host has its own instance of the job and its own artifact root (so the file lock cannot hide a
        // duplicate).
        var jobA = ScriptedJob.Returning("tick", JobStatus.Completed);
        var jobB = ScriptedJob.Returning("tick", JobStatus.Completed);
        var logs = new LogCapture();
        var window = System.Diagnostics.Stopwatch.StartNew();
        var a = await env.StartHostAsync(Settings("pg-a", ("tick", "*/2 * * * * *")), logs.Attach, jobA);
        var b = await env.StartHostAsync(Settings("pg-b", ("tick", "*/2 * * * * *")), logs.Attach, jobB);
        int servers;
        string dashboard;
        try
        {
            // A server registers with its first heartbeat, which may come a moment after start on a busy machine.
            var registered = System.Diagnostics.Stopwatch.StartNew();
            while ((servers = a.Storage.GetMonitoringApi().Servers().Count) < 2
                && registered.Elapsed < TimeSpan.FromSeconds(15))
                await Task.Delay(200);
            using var http = HostEnvironment.Client(b);
            dashboard = await http.GetStringAsync("/hangfire/servers");
            await Task.Delay(TimeSpan.FromSeconds(9));
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
        }
        var maxTicks = (int)(window.Elapsed.TotalSeconds / 2) + 1;
        var monitor = a.Storage.GetMonitoringApi();
        var succeeded = monitor.SucceededJobs(0, 1000).Select(j => j.Key).ToList();
        var ticks = succeeded.Select(id => monitor.JobDetails(id).Properties["Time"]).ToList();
        await a.DisposeAsync();
        await b.DisposeAsync();

        var executions = jobA.Executions.Count + jobB.Executions.Count;
        Console.WriteLine($"two hosts: {executions} executions ({jobA.Executions.Count} on A, " +
            $"{jobB.Executions.Count} on B), {ticks.Distinct().Count()} distinct ticks");
        Assert.Equal(2, servers); // both hosts registered on the shared storage
        // At most one run per 2 s tick while the hosts were up (both firing would double the runs of the shared 9 s).
        Assert.InRange(executions, 3, maxTicks);
        Assert.Equal(executions, succeeded.Count);
        Assert.Equal(ticks.Count, ticks.Distinct().Count()); // no tick was enqueued twice
        Assert.DoesNotContain(logs.Lines, l => l.Contains(PgPassword, StringComparison.Ordinal));
        Assert.Contains("Servers", dashboard);
        Assert.DoesNotContain(PgPassword, dashboard);
    }

    [Fact]
    public async Task The_same_job_never_runs_on_two_hosts_at_once()
    {
        var jobA = new ScriptedJob("long", async (_, ct) =>
        {
            await Task.Delay(1500, ct);
            return ScriptedJob.Outcome(JobStatus.Completed, "ok");
        });
        var jobB = new ScriptedJob("long", async (_, ct) =>
        {
            await Task.Delay(1500, ct);
            return ScriptedJob.Outcome(JobStatus.Completed, "ok");
        });
        var a = await env.StartHostAsync(Settings("pg-c", ("long", "0 0 1 1 *")), jobA);
        var b = await env.StartHostAsync(Settings("pg-d", ("long", "0 0 1 1 *")), jobB);
        try
        {
            // Four runs queued at once while four workers (two per host) are idle.
            var client = a.Services.GetRequiredService<IBackgroundJobClient>();
            var ids = Enumerable.Range(0, 4)
                .Select(_ => client.Enqueue<HangfireJobEntry>(e => e.RunAsync("long", CancellationToken.None)))
                .ToList();
            foreach (var id in ids)
                Assert.Equal("Succeeded",
                    (await HangfireProbe.FinalStateAsync(a, id, TimeSpan.FromSeconds(60))).History[0].StateName);
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
            await a.DisposeAsync();
            await b.DisposeAsync();
        }

        var runs = jobA.Executions.Concat(jobB.Executions).OrderBy(r => r.Start).ToList();
        Console.WriteLine($"long: {jobA.Executions.Count} runs on A, {jobB.Executions.Count} on B");
        Assert.Equal(4, runs.Count);
        for (var i = 1; i < runs.Count; i++)
            Assert.True(runs[i].Start >= runs[i - 1].End,
                $"run {i} started at {runs[i].Start:HH:mm:ss.fff} before run {i - 1} ended at " +
                $"{runs[i - 1].End:HH:mm:ss.fff}");
    }
}
