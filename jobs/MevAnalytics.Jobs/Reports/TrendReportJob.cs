using System.Globalization;
using System.Text.Json;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Publishing;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Reports.Charts;
using MevAnalytics.Reports.Documents;

namespace MevAnalytics.Jobs.Reports;

/// <summary>
/// Daily trend report: landing rate and latency percentiles per route, calibration quality over runs, and tip
/// efficiency per tip arm, as PNG charts with a Markdown index and the data as JSON, in
/// <c>{Artifacts:Root}/reports/{time}/</c> (written to a temporary folder and renamed, so a report is whole or absent).
/// </summary>
public sealed class TrendReportJob : IAnalyticsJob
{
    public string Name => "report";

    public string Description => "Trend report with charts: landing rate, latency percentiles, calibration quality, tip efficiency.";

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var options = MevConfiguration.Bind<ReportOptions>(context.Configuration, ReportOptions.SectionName, o => o.Validate());
        var window = QueryWindow.Ending(context.UtcNow, options.Window);
        var db = context.Db;

        var landing = await TrendQueries.LandingRateAsync(db, window, ct);
        context.Progress(0.25);
        var latency = await TrendQueries.LatencyAsync(db, window, ct);
        context.Progress(0.5);
        var tips = await TrendQueries.TipArmsAsync(db, window, ct);
        var quality = await TrendQueries.CalibrationQualityAsync(db, window, ct);
        var runs = await TrendQueries.LastRunsAsync(db, ct);
        context.Progress(0.75);

        var document = Compose(window.From, window.To, context.UtcNow, landing, latency, tips, quality, runs);
        var folder = await WriteAsync(context, document, ct);
        context.Progress(1);
        long rows = landing.Count + latency.Count + tips.Count + quality.Count + runs.Count;
        var metrics = new Dictionary<string, double>
        {
            ["landing_rate"] = tips.Sum(t => t.Pulls) == 0 ? 0 : (double)tips.Sum(t => t.Lands) / tips.Sum(t => t.Pulls),
            ["charts"] = document.Charts.Count(c => !c.IsEmpty),
        };
        return new JobOutcome(JobStatus.Completed, $"report with {metrics["charts"]} charts", rows, null, metrics,
            [Path.Combine(folder, "report.md")]);
    }

    /// <summary>Builds the report from query results (pure).</summary>
    public static ReportDocument Compose(DateTime from, DateTime to, DateTime now,
        IReadOnlyList<(string Name, DateTime Time, double Value)> landing,
        IReadOnlyList<(string Route, DateTime Time, double P50, double P99)> latency,
        IReadOnlyList<TipArmTotals> tips,
        IReadOnlyList<(string Name, DateTime Time, double Value)> quality,
        IReadOnlyList<IReadOnlyList<string>> runs)
    {
        var charts = new List<TrendChart>
        {
            new("landing-rate.png", "Landing rate by route (hourly)", "landing rate", TrendSeries.FromRows(landing), []),
            new("latency-p50.png", "Probe latency p50 by route (hourly)", "round trip (ms)",
                TrendSeries.FromRows(latency.Select(l => (l.Route, l.Time, l.P50))), []),
            new("latency-p99.png", "Probe latency p99 by route (hourly)", "round trip (ms)",
                TrendSeries.FromRows(latency.Select(l => (l.Route, l.Time, l.P99))), []),
            new("calibration-quality.png", "Calibration quality of published tables (holdout ECE)", "ECE", TrendSeries.FromRows(quality), []),
            new("tip-efficiency.png", "Tip efficiency: realized EV per send by tip arm", "SOL per send", [],
                tips.Select(t => ($"arm {t.Arm}", t.NetEvPerSendSol)).ToArray(), ChartKind.Bars),
        };
        var tipTable = new ReportTable("Tip arms", ["arm", "mean tip (lamports)", "sends", "landing rate", "net EV per send (SOL)"],
            tips.Select(t => (IReadOnlyList<string>)
            [
                t.Arm.ToString(CultureInfo.InvariantCulture), t.MeanTipLamports.ToString("N0", CultureInfo.InvariantCulture),
                t.Pulls.ToString("N0", CultureInfo.InvariantCulture), t.LandingRate.ToString("0.0000", CultureInfo.InvariantCulture),
                t.NetEvPerSendSol.ToString("0.000000", CultureInfo.InvariantCulture),
            ]).ToArray());
        var runTable = new ReportTable("Last run of each job", ["job", "status", "started (UTC)", "duration (ms)", "LUT version", "failures"], runs);
        return new ReportDocument("MevAnalytics trend report", now, from, to, charts, [tipTable, runTable]);
    }

    private static async Task<string> WriteAsync(JobContext context, ReportDocument document, CancellationToken ct)
    {
        var root = Path.Combine(context.Artifacts.Root, "reports");
        var final = Path.Combine(root, context.UtcNow.ToString("yyyy-MM-ddTHHmmss", CultureInfo.InvariantCulture));
        var staging = final + ".tmp";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        foreach (var chart in document.Charts.Where(c => !c.IsEmpty))
            await File.WriteAllBytesAsync(Path.Combine(staging, chart.FileName), ChartRenderer.Png(chart), ct);
        await File.WriteAllTextAsync(Path.Combine(staging, "report.md"), document.ToMarkdown(), ct);
        await File.WriteAllBytesAsync(Path.Combine(staging, "report.json"), JsonSerializer.SerializeToUtf8Bytes(document, JobPublication.SummaryJson), ct);
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(staging, final);
        return final;
    }
}
