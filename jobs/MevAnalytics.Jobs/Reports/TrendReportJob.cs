using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Reports;

/// <summary>
/// Daily trend report: this window against the previous one, calibration, bandit, latency, phase and runs, as one
/// self-contained <c>report.html</c> with PNG charts, <c>report.json</c> and a Markdown index in
/// <c>{Artifacts:Root}/reports/{time}/</c>.
/// </summary>
public sealed class TrendReportJob : IAnalyticsJob
{
    public string Name => "report";

    public string Description =>
        "Trend report (HTML): headline vs previous window, calibration, bandit, latency, phase, runs.";

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var options = context.Settings.Report;
        var window = QueryWindow.Ending(context.UtcNow, options.Window);
        var input = await ReportReader.ReadAsync(context.Db, context.Artifacts.Root, window, context.UtcNow, options,
            context.Progress, ct, context.Store?.Sources);
        var document = TrendReport.Compose(input);
        context.Progress(0.8);
        var html = await ReportWriter.WriteAsync(context.Artifacts.ReportsRoot, document, ct);
        context.Progress(1);
        var total = RouteTotals.Sum("all", input.Routes);
        var charts = document.Charts.Count(c => !c.IsEmpty);
        var metrics = new Dictionary<string, double>
        {
            ["landing_rate"] = total.Sends == 0 ? 0 : total.LandingRate,
            ["charts"] = charts,
            ["empty_sections"] = document.Sections.Count(s => s.IsEmpty),
        };
        long rows = input.Routes.Count + input.PreviousRoutes.Count + input.Latency.Count + input.PreviousLatency.Count
                    + input.LatencyHourly.Count + input.Runs.Count + input.PhaseBins.Count;
        return new JobOutcome(JobStatus.Completed,
            $"report with {charts} charts, {document.Sections.Count(s => !s.IsEmpty)} of " +
            $"{document.Sections.Count} sections with data", rows, null, metrics, [html]);
    }
}
