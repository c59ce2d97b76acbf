using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Health;
using MevAnalytics.Host.Scheduling;
using MevAnalytics.Host.Security;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MevAnalytics.Host.Reports;

/// <summary>
/// <c>/reports</c> (tables, gated runs, report list), <c>/reports/latest</c> (redirect to the newest report) and
/// <c>/reports/{name}/{file}</c>, behind the dashboard's access rule.
/// </summary>
public static class ReportEndpoints
{
    /// <summary>Largest report file served (a report's HTML with its charts inlined is a few MB).</summary>
    public const long MaxReportFileBytes = 64L << 20;

    /// <summary>Reads what <c>/reports</c> shows (job runs of the last 7 days, tables, report folders) and renders
    /// it; for the background status read. ClickHouse is bounded by the health timeout: without it the page still
    /// lists tables and reports.</summary>
    public static async Task<(string Page, string? LatestUrl)> ReadIndexAsync(JobSessionHolder session,
        ArtifactSnapshot artifacts, DateTime now, CancellationToken ct)
    {
        List<JobRunRow>? runs;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(HealthProbe.CheckTimeout);
            runs = await TrendQueries.RunsAsync((await session.GetAsync(timeout.Token)).Store.Db,
                new DateTimeOffset(now.AddDays(-7)).ToUnixTimeMilliseconds(), timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            runs = null;
        }
        var root = session.Artifacts.Root;
        var tables = TableStatus.Combine(artifacts.Luts, artifacts.Tables);
        var reports = ReportFolders.List(root);
        return (ReportsIndexPage.Render(reports, tables, runs, now), reports is [var newest, ..] ? newest.Url : null);
    }

    public static void Map(IEndpointRouteBuilder app, JobSessionHolder session, BasicAuthDashboardFilter access)
    {
        var group = app.MapGroup("/reports").AddEndpointFilter(async (context, next) =>
            access.Authorize(context.HttpContext)
                ? await next(context)
                : Results.StatusCode(StatusCodes.Status401Unauthorized));
        var root = session.Artifacts.Root;

        // The index and the newest report come from the background read (as /healthz does); files are served from
        // their folder, opened without waiting and bounded.
        group.MapGet("", async (HostStatusRefresher status, CancellationToken ct) =>
            await status.CurrentAsync(ct) is ({ } current, var stateError)
                ? Results.Content(
                    stateError is null ? current.ReportsPage : StaleNotice(stateError) + current.ReportsPage,
                    "text/html; charset=utf-8")
                : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        group.MapGet("/latest", async (HostStatusRefresher status, CancellationToken ct) =>
            (await status.CurrentAsync(ct)).Status?.LatestReportUrl is { } url
                ? Results.Redirect(url)
                : Results.NotFound("no report yet: the report job writes one"));
        group.MapGet("/{name}/{file}", (string name, string file) =>
        {
            if (ReportFolders.Resolve(root, name, file) is not { } path) return Results.NotFound();
            var type = Path.GetExtension(path) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".png" => "image/png",
                ".json" => "application/json",
                _ => "text/markdown; charset=utf-8",
            };
            try
            {
                // Only a regular file of bounded size, opened without waiting (a planted FIFO or device is refused).
                return Results.Stream(ArtifactFile.Open(path, MaxReportFileBytes), type);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                return Results.NotFound();
            }
        });
    }

    private static string StaleNotice(string stateError) =>
        "<p><strong>" + System.Net.WebUtility.HtmlEncode(stateError) + "</strong></p>\n";
}
