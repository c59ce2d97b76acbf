using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using MevAnalytics.Host.Tests.Support;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>One host on SQLite storage with test jobs that publish, gate, fail and publish a LUT.</summary>
[Collection(HostCollection.Name)]
public sealed class JobHostTests(HostEnvironment env)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const string Yearly = "0 0 1 1 *"; // never fires during a test run: the tests trigger the jobs

    private static readonly ScriptedJob Probe = ScriptedJob.Returning("probe", JobStatus.Published);
    private static readonly ScriptedJob Gated = ScriptedJob.Returning("gated", JobStatus.Gated);
    private static readonly ScriptedJob Unavailable = ScriptedJob.Returning("unavailable", JobStatus.Unavailable);
    private static readonly ScriptedJob Flaky = ScriptedJob.Returning("flaky", JobStatus.Failed);
    private static readonly ScriptedJob Lut =
        new("lut", (context, ct) => TestLut.PublishAsync(context, "probe_latency", "lut", ct));

    private Task<JobHostApp> HostAsync() => env.SharedHostAsync("main", async () =>
    {
        var settings = env.Settings("main", ("probe", Yearly), ("gated", Yearly), ("unavailable", Yearly),
            ("flaky", Yearly), ("lut", "*/5 * * * *"),
            ("calibrate", "0 * * * *"));
        // A recurring job left in storage by an earlier configuration: start-up must remove it.
        Directory.CreateDirectory(Path.GetDirectoryName(settings["HangfireStorage:SqlitePath"]!)!);
        var stale = new SQLiteStorage(settings["HangfireStorage:SqlitePath"]!, new SQLiteStorageOptions());
        new RecurringJobManager(stale).AddOrUpdate("old-job", () => Console.WriteLine("old"), Yearly);
        return await env.StartHostAsync(settings, Probe, Gated, Unavailable, Flaky, Lut);
    });

    [Fact]
    public async Task Triggered_job_runs_through_the_job_runner_succeeds_and_is_recorded_in_job_runs()
    {
        var host = await HostAsync();
        var before = await env.CountRunsAsync("probe", "published");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var details = await HangfireProbe.FinalStateAsync(host, HangfireProbe.Trigger(host, "probe"), Wait);

        Assert.Equal("Succeeded", details.History[0].StateName);
        Assert.True(details.History[0].Data["Result"].Contains("\"published\"", StringComparison.Ordinal),
            details.History[0].Data["Result"]);
        Assert.Equal(before + 1, await env.CountRunsAsync("probe", "published"));
        Assert.Contains(Probe.Executions, e => e.Trigger == "hangfire");
        Console.WriteLine($"probe: trigger to Succeeded in {clock.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Run_the_source_cannot_serve_ends_unavailable_with_its_reason_not_succeeded_nor_retried()
    {
        var (host, jobId) = await EndsInOwnStateAsync("unavailable", "Unavailable");
        using var client = HostEnvironment.Client(host);
        var jobPage = await client.GetStringAsync($"/hangfire/jobs/details/{jobId}");
        Assert.Contains("Not available:", jobPage);
        Assert.Contains("unavailable says Unavailable", jobPage);
    }

    // Not retried (never Failed) and not left Succeeded: its own final state, carrying the job's reason (the
    // Succeeded candidate it replaced stays in the history as a traversed state).
    private async Task<(JobHostApp Host, string JobId)> EndsInOwnStateAsync(string job, string state)
    {
        var host = await HostAsync();
        var jobId = HangfireProbe.Trigger(host, job);
        var details = await HangfireProbe.FinalStateAsync(host, jobId, Wait);
        Assert.Equal(state, details.History[0].StateName);
        Assert.Equal($"{job} says {state}", details.History[0].Data["GateReason"]);
        Assert.DoesNotContain(details.History, h => h.StateName == "Failed");
        Assert.DoesNotContain(host.Storage.GetMonitoringApi().SucceededJobs(0, 1000), j => j.Key == jobId);
        return (host, jobId);
    }

    [Fact]
    public async Task Gated_run_ends_gated_with_its_reason_in_hangfire_job_runs_and_the_reports_page()
    {
        var (host, jobId) = await EndsInOwnStateAsync("gated", "Gated");
        var reason = await env.Db.ScalarAsync<string>(
            "SELECT argMax(error, started_at) FROM job_runs " +
            "WHERE job = 'gated' AND status = 'gated' AND trigger = 'hangfire'", null);
        Assert.Equal("gated says Gated", reason);
        using var client = HostEnvironment.Client(host);
        var jobPage = await client.GetStringAsync($"/hangfire/jobs/details/{jobId}");
        Assert.Contains("Gate reason", jobPage);
        Assert.Contains("gated says Gated", jobPage);
        // The dashboard's own Jobs menu has a Gated page listing it with its reason.
        Assert.Contains("/hangfire/jobs/gated", jobPage);
        var gatedPage = await client.GetStringAsync("/hangfire/jobs/gated");
        Assert.Contains($"/hangfire/jobs/details/{jobId}\">#{jobId}</a>", gatedPage);
        Assert.Contains("<td class=\"gate-reason\">gated says Gated</td>", gatedPage);
        const string row = "<td class=\"gated\">gated</td><td>gated says Gated</td>";
        var (_, reports) = await HostEnvironment.GetWhenAsync(client, "/reports", b => b.Contains(row));
        Assert.Contains(row, reports);
    }


    [Fact]
    public async Task Failed_run_retries_with_growing_delays_then_stays_failed()
    {
        var host = await HostAsync();
        var runsBefore = Flaky.Executions.Count;
        var failedBefore = await env.CountRunsAsync("flaky", "failed");

        var details = await HangfireProbe.FinalStateAsync(host, HangfireProbe.Trigger(host, "flaky"), Wait);

        // Host:RetryAttempts = 2: the first run and two retries, then Failed for good.
        Assert.Equal("Failed", details.History[0].StateName);
        Assert.Equal(3, details.History.Count(h => h.StateName == "Failed"));
        var runs = Flaky.Executions.Skip(runsBefore).OrderBy(e => e.Start).ToList();
        Assert.Equal(3, runs.Count);
        // The backoff as Hangfire recorded it: Host:RetryBaseDelay 1 s, jittered, whole seconds, at least 1 s.
        var delays = details.History.Where(h => h.StateName == "Scheduled").OrderBy(h => h.CreatedAt)
            .Select(h => long.Parse(h.Data["EnqueueAt"]) - long.Parse(h.Data["ScheduledAt"])).ToList();
        Assert.Equal(2, delays.Count);
        Assert.All(delays, d => Assert.True(d >= 1000 && d % 1000 == 0 && d <= 20_000, $"delay {d} ms"));
        // And as it happened (the delayed-job scheduler may fire up to a second early: it works in whole seconds).
        for (var i = 1; i < runs.Count; i++)
            Assert.True(runs[i].Start - runs[i - 1].End > TimeSpan.FromMilliseconds(delays[i - 1] - 1000),
                $"runs at {string.Join(", ", runs.Select(r => r.Start.ToString("HH:mm:ss.fff")))}, " +
                $"delays {string.Join(", ", delays)}");
        Assert.Equal(failedBefore + 3, await env.CountRunsAsync("flaky", "failed"));
    }

    [Fact]
    public async Task Recurring_jobs_are_exactly_the_configured_jobs_that_exist()
    {
        var host = await HostAsync();

        List<RecurringJobDto> recurring;
        using (var connection = host.Storage.GetConnection()) recurring = connection.GetRecurringJobs();

        // old-job (stored, no longer configured) is removed; calibrate (configured, no such job here) is not scheduled.
        Assert.Equal(["flaky", "gated", "lut", "probe", "unavailable"], recurring.Select(r => r.Id).Order());
        Assert.Equal("*/5 * * * *", recurring.Single(r => r.Id == "lut").Cron);
        Assert.Equal(Yearly, recurring.Single(r => r.Id == "probe").Cron);
    }

    [Fact]
    public async Task Healthz_reports_clickhouse_storage_and_the_age_of_a_published_lut()
    {
        var host = await HostAsync();
        var details = await HangfireProbe.FinalStateAsync(host, HangfireProbe.Trigger(host, "lut"), Wait);
        Assert.Equal("Succeeded", details.History[0].StateName);
        using var http = HostEnvironment.Client(host);

        var (status, body) = await HostEnvironment.GetWhenAsync(http, "/healthz", b => b.Contains("probe_latency"));
        var json = JsonDocument.Parse(body).RootElement;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("clickHouse").GetProperty("ok").GetBoolean());
        Assert.True(json.GetProperty("storage").GetProperty("ok").GetBoolean());
        var lut = json.GetProperty("luts").EnumerateArray()
            .Single(l => l.GetProperty("table").GetString() == "probe_latency");
        Assert.Equal("lut", lut.GetProperty("producerJob").GetString());
        Assert.InRange(lut.GetProperty("ageSeconds").GetDouble(), 0, 60);
        Assert.Equal(3 * 300, lut.GetProperty("maxAgeSeconds").GetDouble()); // 3 intervals of */5 minutes
    }

    [Fact]
    public async Task Metrics_agree_with_the_job_runs_table()
    {
        var host = await HostAsync();
        await HangfireProbe.FinalStateAsync(host, HangfireProbe.Trigger(host, "probe"), Wait);
        using var http = HostEnvironment.Client(host);

        var published = await env.CountRunsAsync("probe", "published");
        await HostEnvironment.GetWhenAsync(http, "/metrics",
            b => b.Contains($"mev_job_runs_total{{job=\"probe\",status=\"published\"}} {published}"));
        using var response = await http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("version=0.0.4", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(await env.CountRunsAsync("probe", "published"),
            Sample(text, "mev_job_runs_total", "job=\"probe\",status=\"published\""));
        Assert.Equal(1, Sample(text, "mev_job_scheduled", "job=\"probe\""));
        Assert.Matches(new Regex("^# TYPE mev_job_duration_seconds_sum counter$", RegexOptions.Multiline), text);
        var lastSuccess = Sample(text, "mev_job_last_success_timestamp_seconds", "job=\"probe\"");
        Assert.InRange(lastSuccess, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 120,
            DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public async Task Dashboard_recurring_page_in_headless_chromium_lists_the_configured_jobs()
    {
        var host = await HostAsync();
        var url = HostEnvironment.Client(host).BaseAddress + "hangfire/recurring";

        var page = await Chromium.LoadAsync(url, "dashboard-recurring.png");

        foreach (var job in new[] { "probe", "gated", "flaky", "lut" }) Assert.Contains(job, page.Text);
        Assert.DoesNotContain("old-job", page.Text);
        Assert.Contains("Trigger now", page.Text); // not read-only: the buttons are there
        Assert.True(new FileInfo(page.ScreenshotPath).Length > 10_000, "screenshot is suspiciously small");
    }

    private static double Sample(string text, string name, string labels)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(name + "{" + labels + "}") + " (\\S+)$",
            RegexOptions.Multiline);
        Assert.True(match.Success, $"no sample {name}{{{labels}}} in:\n{text}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
