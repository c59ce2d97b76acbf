using System.Net;
using MevAnalytics.Host.Tests.Support;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;

namespace MevAnalytics.Host.Tests.Hosting;

/// <summary>
/// A real report (simulated day, every fitting job, the report job) served by the host and loaded in headless
/// chromium over DevTools: every image decodes, nothing is fetched off loopback, no console error.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ReportPageTests(HostEnvironment env)
{
    private static readonly DateTime End = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Own database on the shared engine, so the simulated history does not meet the other host tests'
    /// rows.</summary>
    private Dictionary<string, string?> Settings()
    {
        // One yearly job: the host serves pages; nothing may run in the background of later tests.
        var settings = env.Settings("reports", ("report", "0 0 1 1 *"));
        settings["ClickHouse:Database"] = "mev_reports";
        settings["Dashboard:ReadOnly"] = "true";
        return settings;
    }

    private Task<JobHostApp> HostAsync() => env.SharedHostAsync("reports", async () =>
    {
        var settings = Settings();
        await using (var session = await JobSession.OpenAsync(MevConfiguration.Build(settings)))
        {
            await SimulationRun.RunAsync(session.Store,
                new SimulationOptions { Days = 1, SendsPerSecond = 4, Seed = 11, End = End, Leaders = 300 },
                new SimulationRun.Outputs(Path.Combine(env.ArtifactRoot("reports"), "simulation", "ground-truth.json"),
                    null, ReplaceExisting: true),
                DateTime.UtcNow, null, _ => { }, default);
            foreach (var job in JobCatalog.All.Where(j => j.Name != "retention"))
            {
                var outcome = await JobRunner.RunAsync(job, session.Context("test", utcNow: End), default);
                Assert.True(outcome.Status != JobStatus.Failed, $"{job.Name} failed: {outcome.Summary}");
            }
        }
        return await env.StartHostAsync(settings);
    });

    [Fact]
    public async Task Latest_report_is_served_and_renders_in_chromium_with_every_image_and_nothing_off_loopback()
    {
        var host = await HostAsync();
        using var client = HostEnvironment.Client(host);

        using var noRedirect =
            new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = client.BaseAddress };
        var latest = await noRedirect.GetAsync("/reports/latest");
        Assert.Equal(HttpStatusCode.Redirect, latest.StatusCode);
        var location = latest.Headers.Location!.ToString();
        Assert.Matches(@"^/reports/\d{4}-\d{2}-\d{2}T\d{6}/report\.html$", location);
        var html = await client.GetStringAsync(location);
        Assert.DoesNotContain("class=\"empty\"", html); // every section and chart has data
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));

        await using var browser = await DevToolsBrowser.StartAsync();
        var page = await browser.LoadAsync(new Uri(client.BaseAddress!, "/reports/latest").ToString(), "report.png");

        Assert.Empty(page.ConsoleErrors);
        var offLoopback = page.RequestUrls.Where(u => !IsLoopbackOrInline(u)).ToArray();
        Assert.True(offLoopback.Length == 0, "requests left loopback: " + string.Join(", ", offLoopback));
        Assert.True(page.Images.Count >= 15, $"only {page.Images.Count} images");
        Assert.All(page.Images, i => Assert.True(i.Width > 0 && i.Height > 0, $"image '{i.Alt}' did not render"));
        foreach (var section in new[] { "1. Headline", "2. Calibration", "3. Bandit", "4. Latency", "5. Phase",
                     "6. Runs" })
            Assert.Contains(section, page.Text);
        Assert.True(new FileInfo(page.ScreenshotPath).Length > 50_000, "screenshot is suspiciously small");
    }

    [Fact]
    public async Task Reports_index_lists_the_report_and_the_current_tables_with_headline_metrics()
    {
        var host = await HostAsync();
        using var client = HostEnvironment.Client(host);

        var index = await client.GetStringAsync("/reports");

        Assert.Contains("/report.html\"", index);
        foreach (var table in new[] { "calibration", "bandit", "latency", "phase" })
            Assert.Contains($"<td>{table}</td>", index);
        Assert.Contains("holdout ECE: ", index);
        Assert.Contains("<a href=\"/reports\">",
            await client.GetStringAsync("/hangfire/recurring")); // the dashboard links here
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.GetAsync("/reports/..%2f..%2fhangfire.db/report.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.GetAsync("/reports/2026-01-01T000000/secret.txt")).StatusCode);
    }

    [Fact]
    public async Task Metrics_export_the_current_tables_calibration_quality_and_route_slo_state()
    {
        var host = await HostAsync();
        using var client = HostEnvironment.Client(host);

        var text = await client.GetStringAsync("/metrics");

        var tables = ReportReader.Tables(env.ArtifactRoot("reports"));
        var calibration = tables.Single(t => t.Table == "calibration").Metrics;
        Assert.Equal(calibration["holdout_ece_after"],
            Sample(text, "mev_calibration_holdout_ece{curve=\"fitted\"}"), 12);
        Assert.Equal(calibration["holdout_ece_before"], Sample(text, "mev_calibration_holdout_ece{curve=\"raw\"}"), 12);
        var latency = ReportReader.Latency(tables.Single(t => t.Table == "latency"))!;
        Assert.NotEmpty(latency.Routes);
        foreach (var route in latency.Routes)
        {
            Assert.Equal(route.SloBreached ? 1 : 0, Sample(text, $"mev_route_slo_breached{{route=\"{route.Route}\"}}"));
            Assert.Equal(route.P99Ms, Sample(text, $"mev_route_latency_p99_ms{{route=\"{route.Route}\"}}"), 9);
        }
        foreach (var table in new[] { "calibration", "bandit", "latency", "phase" })
            Assert.True(Sample(text, $"mev_lut_age_seconds{{table=\"{table}\"}}") > 0);
    }

    private static double Sample(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no sample {series} in /metrics");
        return double.Parse(line![(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsLoopbackOrInline(string url)
    {
        if (url.StartsWith("data:", StringComparison.Ordinal) || url == "about:blank") return true;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "127.0.0.1");
    }
}
